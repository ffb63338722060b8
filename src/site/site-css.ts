/**
 * The public site's one stylesheet, served at an address named by its hash (cached for a year,
 * fetched again only when it changes). Readable on a phone over a poor connection: system fonts,
 * no web font, no image.
 */
import { createHash } from 'node:crypto';

export const SITE_CSS = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#555b61;--line:#dcdcdc;--accent:#1f5fa8;--warn-bg:#fff6d6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem .6rem;z-index:1}
.site-top,main,.site-foot{max-width:960px;margin:0 auto;padding:0 1rem}
.site-top{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.25rem;padding-top:.75rem;border-bottom:1px solid var(--line)}
.site-name{margin:0;font-size:1.4rem;font-weight:700}.site-name a{color:var(--ink);text-decoration:none}
.site-top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.site-top nav a[aria-current]{font-weight:700;color:var(--ink)}
.tools{margin:0 0 0 auto}
.site-top p,.site-top nav{padding:.35rem 0}
h1{font-size:1.5rem;margin:1.25rem 0 .25rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem}
.tagline,.hint{color:var(--muted)}.hint{font-size:.9rem}
.banner{max-width:960px;margin:.75rem auto;background:var(--warn-bg);border-left:4px solid #e0a800;padding:.6rem .8rem}
.metrics{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;padding:0;margin:.5rem 0}
.metrics a{display:inline-block;padding:.2rem .6rem;border:1px solid var(--line);border-radius:999px;text-decoration:none}
.metrics a[aria-current]{background:var(--accent);border-color:var(--accent);color:#fff}
figure{margin:1rem 0}.chart-scroll{overflow-x:auto}.claims-chart{width:100%;min-width:540px;height:auto;max-height:360px}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.25rem 0;font-size:.9rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.05rem}
.swatch.registry{border-radius:0;height:.2rem;vertical-align:.2rem;background:#6b6b6b}
.gaps li{margin:.4rem 0}.gap-diff{font-weight:700}
.key-dates{padding-left:1.25rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.25rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
details summary{cursor:pointer;color:var(--accent)}
.site-foot{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
dl.definitions dt{font-weight:700;margin-top:.75rem}dl.definitions dd{margin:0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:1rem 0;padding:.75rem;border:1px solid var(--line);border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:.9rem;gap:.15rem}
.filters input,.filters select,.filters button,.pager button{font:inherit;padding:.3rem .4rem}
.filters input{min-width:16rem}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}.pager-form{display:inline}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:700}dl.facts dd{margin:0}
code.hash,code.entry{word-break:break-all;font-size:.85rem}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:.5rem}
.verdict{padding:.6rem .8rem;border-left:4px solid}.verdict.ok{border-color:#1e7b34;background:#eaf6ed}.verdict.bad{border-color:#b3261e;background:#fdecea}
.report-form fieldset{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.5rem .9rem;min-width:0}
.report-form legend{font-weight:700}
.field{margin:.6rem 0;display:flex;flex-direction:column;gap:.2rem}
.field input,.field select,.field textarea,.report-form button{font:inherit;padding:.35rem .45rem;max-width:36rem}.field input,.field select,.field textarea{width:100%}
.field.invalid input,.field.invalid select,.field.invalid textarea{border:2px solid #b3261e}
.problem{color:#b3261e;margin:0}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.follow-code code{font-size:1.3rem;letter-spacing:.05em}
dl.detention{border-left:3px solid var(--line);padding-left:.75rem;margin:1rem 0}
.timeline li{margin:.4rem 0}.measures{font-size:.95rem}
@media (max-width:600px){.tools{margin-left:0}th,td{padding:.3rem .3rem}}
`;

export const SITE_CSS_PATH = `/site-${createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12)}.css`;
