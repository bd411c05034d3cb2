/**
 * Stands in for zod's `locales` in the bundle. The `z` namespace re-exports every language's
 * messages, a third of zod, though only the English ones (its default) are ever used; any other
 * locale is simply absent from `z.locales`.
 */
export { default as en } from "zod/v4/locales/en.js";
