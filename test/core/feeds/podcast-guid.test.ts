import { describe, expect, it } from "vitest";
import { podcastGuid } from "../../../src/core/feeds/podcast-guid.js";

describe("podcastGuid", () => {
  // The examples of the namespace's own guid.md.
  it.each([
    ["podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
    ["https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
    ["https://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
    ["mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"],
  ])("gives %s the UUIDv5 %s", (url, guid) => {
    expect(podcastGuid(url)).toBe(guid);
  });
});
