// Mozilla Readability (with jsdom) over a list of pages, for bench/eval_extract.
// Input (stdin): JSON array of {"file": path, "charset": "utf-8" | "gb18030" | ..., "url": ...}.
// Output: one JSON object per page, in order: title, byline, published_time, content (HTML),
// readerable (isProbablyReaderable before parsing), ms (jsdom parse + Readability, i.e. the
// per-page cost without Node start-up), error.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability, isProbablyReaderable } from "@mozilla/readability";

const pages = JSON.parse(readFileSync(0, "utf8"));
// Pages' own CSS and script errors are noise here.
const quiet = new VirtualConsole();

for (const page of pages) {
  let out;
  try {
    const bytes = readFileSync(page.file);
    const html = new TextDecoder(page.charset || "utf-8").decode(bytes);
    const t0 = performance.now();
    const dom = new JSDOM(html, { url: page.url || "http://localhost/", virtualConsole: quiet });
    const doc = dom.window.document;
    const readerable = isProbablyReaderable(doc);
    const article = new Readability(doc).parse();
    const ms = performance.now() - t0;
    out = {
      title: article?.title ?? null,
      byline: article?.byline ?? null,
      published_time: article?.publishedTime ?? null,
      content: article?.content ?? "",
      readerable,
      ms,
    };
    dom.window.close();
  } catch (e) {
    out = { error: String(e), content: "", ms: 0 };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
