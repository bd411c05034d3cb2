import helmet from "helmet";

/** Pages get a strict policy: no scripts at all, inline styles only, media from anywhere. */
export const htmlSecurity = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", "https:", "http:", "data:"],
      mediaSrc: ["'self'", "https:", "http:"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});
