// Implemented beside the cleaner because cheerio lives only there; this is the name to import.
export { htmlToText } from "./clean-html.js";
