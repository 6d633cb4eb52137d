// swift-format-ignore-file
extension WebTemplates {
    /// `/health`: per stage, the seed's four criteria, HUD's six gates and a 90-day trend.
    static let health = """
    <h1>Health: {{repo}} as of {{asOf}}</h1>
    <p>The seed's quality criteria over the last {{days}} days and PyTorch HUD's L2-to-L3 gates over 14 days (PR-path jobs only), per stage. Definitions: docs/scorecard.md; <a href="/api/v1/scorecard?repo={{repo}}">JSON</a> · <a href="/stages">stages</a>.</p>
    {{#stages}}<section class="card" id="stage-{{stage}}"><h2>{{name}} <small>({{cadence}})</small></h2>
    <table><thead><tr><th>Criterion</th><th>Figure</th><th>Target</th><th>Status</th></tr></thead><tbody>
    {{#criteria}}<tr><td>{{label}}</td><td class="n">{{figure}}</td><td>{{target}}</td><td class="{{css}}"><span class="tag">{{symbol}} {{word}}</span></td></tr>{{/criteria}}
    </tbody></table>
    <h3>L3 readiness: {{#l3pass}}<span class="ok"><span class="tag">✓ ready</span></span>{{/l3pass}}{{^l3pass}}<span class="bad"><span class="tag">✗ not ready</span></span>{{/l3pass}}</h3>
    <table><thead><tr><th>Gate</th><th class="n">14 days</th><th class="n">7 days</th><th>Target</th><th>Status</th><th>Breaking</th></tr></thead><tbody>
    {{#gates}}<tr><td><code>{{name}}</code></td><td class="n">{{value}}</td><td class="n">{{demotion}}</td><td>{{target}}</td><td class="{{css}}"><span class="tag">{{symbol}} {{word}}</span></td><td>{{breakingCount}}{{#breaking}} <a href="/jobs/{{.}}">{{.}}</a>{{/breaking}}</td></tr>{{/gates}}
    </tbody></table>
    <h3>Outages (90 days)</h3>
    {{^outages}}<p class="ok">✓ none</p>{{/outages}}
    {{#hasOutages}}<table><thead><tr><th>Start</th><th>End</th><th class="n">Hours</th><th>Cause</th><th>Jobs</th></tr></thead><tbody>{{/hasOutages}}
    {{#outages}}<tr><td>{{start}}</td><td class="{{css}}">{{end}}</td><td class="n">{{hours}}</td><td>{{cause}}</td><td>{{#jobs}}<a href="/jobs/{{.}}">{{.}}</a> {{/jobs}}</td></tr>{{/outages}}
    {{#hasOutages}}</tbody></table>{{/hasOutages}}
    <h3>Trend (13 weeks)</h3>
    {{{trendSVG}}}
    <table><thead><tr><th>Week of</th><th class="n">Outage hours</th><th class="n">Job pass rate</th><th class="n">Cycle p50</th></tr></thead><tbody>
    {{#trend}}<tr><td>{{week}}</td><td class="n {{outageCss}}">{{outage}}</td><td class="n">{{passRate}}</td><td class="n">{{cycle}}</td></tr>{{/trend}}
    </tbody></table>
    </section>{{/stages}}
    {{^stages}}<p>No stages declared.</p>{{/stages}}
    """
}
