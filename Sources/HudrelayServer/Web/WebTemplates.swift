// swift-format-ignore-file
/// The pages' Mustache templates, compiled into the binary (so it serves pages from any directory).
enum WebTemplates {
    /// (name, template).
    static let all: [(String, String)] = [
        ("layout", layout), ("job", job), ("stages", stages), ("overview", overview), ("flaky", flaky), ("test", test), ("grid", grid),
        ("failures", failures), ("health", health),
    ]

    static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · hudrelay</title>
    <style>
    body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
    header{background:#24292f;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:baseline;flex-wrap:wrap}
    header a{color:#fff;text-decoration:none}header .brand{font-weight:700}
    main{padding:1em;max-width:1200px;margin:auto}
    table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
    th{background:#f6f8fa;cursor:pointer}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    .ok{color:#116329}.bad{color:#b3261e}.warn{color:#8a5300}.skip{color:#57606a}
    .tag{display:inline-block;border:1px solid currentColor;border-radius:3px;padding:0 .35em;font-size:12px}
    pre{background:#f6f8fa;padding:.6em;overflow:auto;font-size:12px;max-height:30em}
    details{border-bottom:1px solid #d0d7de;padding:.3em 0}summary{cursor:pointer}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{color:#57606a}dd{margin:0}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1em}
    .card{border:1px solid #d0d7de;border-radius:6px;padding:.8em}
    form.filters{display:flex;gap:.6em;flex-wrap:wrap;margin:.5em 0 1em}form.filters label{font-size:13px}
    code{font-size:13px;word-break:break-all}table.grid{width:auto}table.grid td{text-align:center}
    figure{margin:0 0 1em}svg{max-height:160px}h1 code{font-size:inherit}
    </style></head>
    <body><header><a class="brand" href="/">hudrelay</a><nav><a href="/">Overview</a> · <a href="/stages">Stages</a> · <a href="/health">Health</a> · <a href="/flaky">Flaky tests</a> · <a href="/failures">Failures</a> · <a href="/openapi.json">API</a></nav></header>
    <main>{{{body}}}</main>
    <script>
    document.querySelectorAll("table.sortable th").forEach(function (th, i) {
      th.addEventListener("click", function () {
        var table = th.closest("table"), body = table.tBodies[0], rows = Array.from(body.rows);
        var asc = th.dataset.dir !== "asc"; th.dataset.dir = asc ? "asc" : "desc";
        rows.sort(function (a, b) {
          var x = a.cells[i].dataset.v || a.cells[i].textContent, y = b.cells[i].dataset.v || b.cells[i].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    </script>
    </body></html>
    """

    static let job = """
    <h1>Job {{id}}: {{name}}</h1>
    <p class="{{status.css}}"><span class="tag">{{status.symbol}} {{status.word}}</span> {{tests}} tests: {{passed}} passed, {{failed}} failed, {{errors}} errors, {{skipped}} skipped, {{flaky}} flaky, {{reruns}} reruns</p>
    <dl>
    <dt>Repository</dt><dd>{{repo}}</dd>
    <dt>Commit</dt><dd><code>{{sha}}</code></dd>
    {{#branch}}<dt>Branch</dt><dd>{{branch}}</dd>{{/branch}}
    {{#pr}}<dt>Pull request</dt><dd>#{{pr}}</dd>{{/pr}}
    <dt>Workflow</dt><dd>{{workflow}} · run {{runID}} · attempt {{attempt}}{{#jobID}} · job id {{jobID}}{{/jobID}}</dd>
    <dt>Stage</dt><dd>{{stage}}</dd>
    <dt>Hardware</dt><dd>{{cluster}} · node {{node}} · {{cards}} × {{cardType}}</dd>
    {{#ciTimes}}<dt>In CI</dt><dd>{{ciTimes}}{{#conclusion}} · <span class="{{css}}">{{symbol}} {{word}}</span>{{/conclusion}}</dd>{{/ciTimes}}
    <dt>Received</dt><dd>{{created}}</dd>
    </dl>
    {{#resultsGone}}<p class="warn" id="results-gone">Results past retention: results received before {{resultsGone}} were removed (retention.resultsDays). The job's runs stay in the flakiness report; its failures and counts are no longer shown.</p>{{/resultsGone}}
    {{^resultsGone}}<h2>Failures ({{failureCount}})</h2>
    {{^failures}}<p class="ok">✓ none</p>{{/failures}}
    {{/resultsGone}}{{#failures}}<details><summary><span class="{{status.css}}">{{status.symbol}} {{status.word}}</span> <code>{{file}} {{classname}}::{{name}}</code> — {{message}}</summary><pre>{{text}}</pre></details>{{/failures}}
    <h2>Flaky in this job ({{flakyCount}})</h2>
    {{^flakyTests}}<p>none</p>{{/flakyTests}}
    {{#flakyTests}}<details><summary><span class="warn">↻ flaky</span> <code>{{classname}}::{{name}}</code>: passed after {{reruns}} failed attempt(s)</summary><pre>{{message}}\n\n{{text}}</pre></details>{{/flakyTests}}
    <h2>Reports</h2>
    <table><thead><tr><th>Report</th><th>State</th><th class="n">Size</th><th>Raw</th></tr></thead><tbody>
    {{#uploads}}<tr><td><code>{{filename}}</code></td><td class="{{status.css}}">{{status.symbol}} {{state}}{{#error}}: {{error}}{{/error}}</td><td class="n">{{size}}</td><td>{{#expired}}<span class="muted" title="raw-report retention (retention.reportsDays)">past retention, removed {{expired}}</span>{{/expired}}{{^expired}}<a href="/api/v1/uploads/{{id}}/raw" download>download</a>{{/expired}}</td></tr>{{/uploads}}
    </tbody></table>
    <p><a href="/api/v1/jobs/{{id}}">JSON</a> · <a href="/api/v1/jobs/{{id}}/results">results (JSON)</a></p>
    """

    static let stages = """
    <h1>Rollout stages: the last {{days}} days</h1>
    <p>Scope: {{scope}}. Coverage is the share of the scope's in-scope tests (generic tests) that the stage executed; <a href="/api/v1/coverage?repo={{repo}}">JSON</a>. <a href="/health">Health</a>: each stage's outages, cycle time and HUD's L3 gates.</p>
    <div class="cards">
    {{#stages}}<section class="card"><h2>{{name}}</h2>
    <p>{{description}}</p>
    <p>Cards: {{cards}} · cadence {{cadence}}: {{#keptStatus}}<span class="{{css}}">{{symbol}}</span> {{/keptStatus}}{{kept}}; runs in the window: {{runs}}</p>
    <p class="{{coverageStatus.css}}"><span class="tag">{{coverageStatus.symbol}} {{coverageStatus.word}}</span> coverage {{coverage}} ({{covered}} of {{population}} tests; {{enabled}} enabled, {{xfail}} xfail), target {{target}}</p>
    <div class="bar" role="img" aria-label="coverage {{coverage}}, target {{target}}" style="position:relative;height:12px;background:#eee"><div style="width:{{bar}}%;height:12px;background:#3a7"></div>{{#hasTarget}}<div style="position:absolute;top:-3px;left:{{targetAt}}%;width:2px;height:18px;background:#000"></div>{{/hasTarget}}</div>
    <p>{{#flakyStatus}}<span class="{{css}}"><span class="tag">{{symbol}} {{word}}</span></span> {{/flakyStatus}}flaky share {{flaky}}; the target is under {{flakyTarget}}</p>
    {{#missed.0}}<p>Missed days:</p><ul>{{/missed.0}}{{#missed}}<li>{{day}}: runs {{runs}}</li>{{/missed}}{{#missed.0}}</ul>{{/missed.0}}
    </section>{{/stages}}
    </div>
    """

    static let overview = """
    <h1>Overview: the last {{days}} days</h1>
    <p><a href="/stages">Rollout stages: coverage and cadence against their targets</a> · <a href="/health">Health: the quality criteria, outages and HUD's L3 gates per stage</a></p>
    <p class="{{overallCss}}"><span class="tag">{{overallSymbol}} {{overallWord}}</span> {{overallShare}} of executed tests were flaky ({{overallFlaky}} of {{overallExecuted}}); the target is under {{target}}.</p>
    {{{trendSVG}}}
    <div class="cards">
    {{#stages}}<section class="card"><h2>Stage {{stage}}</h2>
    <p class="{{css}}"><span class="tag">{{symbol}} {{word}}</span> flaky share {{share}} ({{flaky}} of {{executed}} tests)</p>
    {{{trendSVG}}}
    <p>Pass rate of its latest jobs: {{passRate}}</p>
    <ul>{{#jobs}}<li><a href="/jobs/{{id}}">{{name}}</a> <span class="{{status.css}}">{{status.symbol}} {{status.word}}</span> <code>{{sha}}</code> {{passed}}/{{tests}}</li>{{/jobs}}</ul>
    </section>{{/stages}}
    </div>
    {{^stages}}<p>No jobs yet: upload a report (README).</p>{{/stages}}
    """

    static let flaky = """
    <h1>Flaky tests: {{from}} to {{to}}</h1>
    <form class="filters" method="get" action="/flaky">
    <label>Window <input name="window" value="{{window}}" size="4"></label>
    <label>Stage <input name="stage" value="{{stage}}" size="2"></label>
    <label>Card type <input name="card_type" value="{{cardType}}" size="8"></label>
    <label>Node <input name="node" value="{{node}}" size="10"></label>
    <label>File <input name="file" value="{{file}}" size="16"></label>
    <label>Arch <input name="arch" value="{{arch}}" size="8"></label>
    <button>Filter</button> <a href="/api/v1/flaky?format=csv&amp;{{query}}">CSV</a>
    </form>
    <p>{{count}} flaky tests. Click a column to sort.</p>
    <table class="sortable"><thead><tr><th>Test</th><th class="n">Rate</th><th class="n">95% interval</th><th class="n">Flaky runs</th><th class="n">Runs</th><th>Evidence</th><th>Suspect node</th><th>Last flaky</th></tr></thead><tbody>
    {{#tests}}<tr><td><code>{{file}} {{classname}}::{{name}}</code></td><td class="n" data-v="{{rateValue}}">{{rate}}</td><td class="n">{{low}}–{{high}}</td><td class="n">{{flaky}}</td><td class="n">{{executed}}</td><td>{{evidence}}</td><td>{{#suspect}}<span class="warn">⚠ {{suspect}}</span>{{/suspect}}</td><td>{{lastFlaky}}</td></tr>{{/tests}}
    </tbody></table>
    """

    static let test = """
    <h1><code>{{classname}}::{{name}}</code></h1>
    <p>{{repo}} · <code>{{file}}</code></p>
    <p class="{{css}}"><span class="tag">{{symbol}} {{word}}</span> flaky in {{flaky}} of {{executed}} runs: {{rate}} (95% interval {{low}}–{{high}}); failed {{failed}} times.</p>
    {{{timelineSVG}}}
    <h2>Failure messages</h2>
    {{^signatures}}<p>none</p>{{/signatures}}
    <ul>{{#signatures}}<li><code>{{signature}}</code> × {{count}}</li>{{/signatures}}</ul>
    <h2>Runs ({{runCount}}, newest first)</h2>
    <table class="sortable"><thead><tr><th>When</th><th>Outcome</th><th>Job</th><th>Commit</th><th>Branch</th><th>Node</th><th>Stage</th><th class="n">Failed attempts</th><th>Evidence</th></tr></thead><tbody>
    {{#runs}}<tr><td>{{at}}</td><td class="{{status.css}}">{{status.symbol}} {{status.word}}</td><td><a href="/jobs/{{jobID}}">{{jobName}}</a></td><td><code>{{sha}}</code></td><td>{{branch}}</td><td>{{node}}</td><td>{{stage}}</td><td class="n">{{failedAttempts}}</td><td>{{evidence}}</td></tr>{{/runs}}
    </tbody></table>
    """

    static let grid = """
    <h1>{{repo}} · {{branch}}</h1>
    <p>Newest commits first; one column per job. ✓ passed, ✗ failed (with the count), … processing, blank: no such job. Hover a cell for its counts.</p>
    <div style="overflow:auto"><table class="grid"><thead><tr><th>Commit</th>{{#columns}}<th style="writing-mode:vertical-rl">{{.}}</th>{{/columns}}</tr></thead><tbody>
    {{#rows}}<tr><td><code>{{sha}}</code><br><small>{{at}}</small></td>{{#cells}}<td>{{#job}}<a class="{{css}}" href="/jobs/{{jobID}}" title="{{title}}">{{symbol}}{{#failed}} {{failed}}{{/failed}}</a>{{/job}}</td>{{/cells}}</tr>{{/rows}}
    </tbody></table></div>
    {{^rows}}<p>No jobs on this branch yet.</p>{{/rows}}
    """

    static let failures = """
    <h1>Failure clusters: {{from}} to {{to}}</h1>
    <p>Failures grouped by their normalized message (numbers, paths, addresses and quoted strings replaced).</p>
    <table class="sortable"><thead><tr><th>Signature</th><th class="n">Runs</th><th class="n">Tests</th><th>Nodes</th><th>Example tests</th></tr></thead><tbody>
    {{#clusters}}<tr><td><code>{{signature}}</code><details><summary>sample</summary><pre>{{sample}}</pre></details></td><td class="n">{{runs}}</td><td class="n">{{tests}}</td><td>{{nodes}}</td><td>{{examples}}</td></tr>{{/clusters}}
    </tbody></table>
    {{^clusters}}<p>No failures in the window.</p>{{/clusters}}
    """
}
