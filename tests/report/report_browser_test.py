#!/usr/bin/env python3
"""The HTML report as a reader sees it, in headless Chromium.

Simulates a short run and a replicated one, writes their reports (one run
alone; both side by side with a policy diff's matrix), opens each in
Debian's Chromium, and checks from the rendered page that
  * every chart drew its marks (the page counts marks with a size on the
    screen once loaded) and the charts whose size the data fixes have the
    expected number (6 funnel bars per run, one point per whole week, ...),
  * every number in the tables behind the charts equals the run's kpis.json
    as displayed (to the digits shown),
  * it reads: no two words of a chart print over each other, every chart
    but the heat map has a titled value axis with round ticks, the panels
    drawn side by side (one per run) carry the run's name and share one
    value range, the comparison opens with a headline in words and names
    every KPI in English, and the matrix names both policies,
  * the page asks for nothing over the network,
and keeps a screenshot of each report in the artefact folder.

Usage: report_browser_test.py FRONTDOOR SOURCE_DIR ARTEFACT_DIR
"""
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

FRONTDOOR, SOURCE, ARTEFACTS = (os.path.abspath(a) for a in sys.argv[1:4])
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(*args, cwd):
    # The work folder stands in for the user's data home: no command
    # touches the real one.
    env = dict(os.environ, XDG_DATA_HOME=cwd)
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n"
                 f"{done.stdout}\n{done.stderr}")
    return done.stdout


class Page(html.parser.HTMLParser):
    """The charts, their marks and the table cells of a rendered page."""

    def __init__(self):
        super().__init__()
        self.charts = {}  # id -> {"rendered": int, "marks": int}
        self.chart = None
        self.depth = 0
        self.cells = []  # (run, path, text)
        self.cell = None
        self.body = {}
        self.external = []
        self.texts = {}  # chart id -> [(class, text)]
        self.text = None
        self.sections = {}  # section id -> its text
        self.section = None
        self.row_headers = []  # (section, text) of <th scope=row>
        self.row_header = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag in ("script", "img", "link", "iframe") and (
                a.get("src") or a.get("href")):
            self.external.append(f"<{tag}> {a.get('src') or a.get('href')}")
        if tag == "section":
            self.section = a.get("id")
            self.sections[self.section] = ""
        if tag == "th" and a.get("scope") == "row":
            self.row_header = ""
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.chart = a["id"]
            self.depth = 0
            self.texts[self.chart] = []
            self.charts[self.chart] = {
                "rendered": int(a.get("data-rendered-marks", -1)),
                "overlaps": int(a.get("data-overlapping-labels", -1)),
                "first_overlap": a.get("data-first-overlap", ""),
                "axis": (a.get("data-axis-min"), a.get("data-axis-max")),
                "marks": 0}
        if tag == "text" and self.chart is not None:
            self.text = [a.get("class", ""), ""]
        if self.chart is not None:
            self.depth += 1
            if "mark" in a.get("class", "").split():
                self.charts[self.chart]["marks"] += 1
        if tag == "td" and "data-path" in a:
            self.cell = [a["data-run"], a["data-path"], ""]

    def handle_endtag(self, tag):
        if tag == "text" and self.text is not None and self.chart is not None:
            self.texts[self.chart].append(tuple(self.text))
            self.text = None
        if tag == "th" and self.row_header is not None:
            self.row_headers.append((self.section, self.row_header.strip()))
            self.row_header = None
        if tag == "section":
            self.section = None
        if self.chart is not None:
            self.depth -= 1
            if tag == "svg" and self.depth <= 0:
                self.chart = None
        if tag == "td" and self.cell is not None:
            self.cells.append(tuple(self.cell))
            self.cell = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.chart is not None:
            self.depth -= 1

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data
        if self.text is not None:
            self.text[1] += data
        if self.row_header is not None:
            self.row_header += data
        if self.section is not None:
            self.sections[self.section] += data


def resolve(kpis, path):
    value = kpis
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def same_as_shown(value, text):
    """True when `value` from kpis.json is what `text` shows, to its digits."""
    text = text.strip()
    percent = text.endswith("%")
    number = text.rstrip("%").replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    shown = float(number)
    if percent:
        value = 100 * value
    return abs(value - shown) <= 0.5 * 10 ** -decimals + 1e-9


def round_ticks(ticks):
    """True when the ticks start at 0 and step by 1, 2, 2.5 or 5 times a
    power of ten."""
    values = [float(t.rstrip("%").replace(",", "")) for t in ticks]
    if len(values) < 2 or values[0] != 0:
        return False
    step = values[1] - values[0]
    if any(abs((b - a) - step) > 1e-6 * max(1, step)
           for a, b in zip(values, values[1:])):
        return False
    power = 10 ** math.floor(math.log10(step))
    return any(abs(step - m * power) < 1e-6 * power for m in (1, 2, 2.5, 5))


def check_reads(name, page, sides):
    """The page reads: words apart, axes titled and round, panels named and
    on one scale."""
    crowded = [(c, v["overlaps"], v["first_overlap"])
               for c, v in page.charts.items() if v["overlaps"] != 0]
    check(not crowded, f"{name}: no chart prints words over each other"
                       + (f" (first: {crowded[0]})" if crowded else ""))
    plotted = [c for c in page.charts if c != "matrix-heat"]
    untitled = [c for c in plotted
                if not any("axis-title" in k for k, _ in page.texts[c])]
    check(not untitled, f"{name}: every chart titles its value axis"
                        + (f" (not {untitled[:3]})" if untitled else ""))
    odd = [(c, [t for k, t in page.texts[c] if "tick" in k.split()])
           for c in plotted]
    odd = [(c, t) for c, t in odd if not round_ticks(t)]
    check(not odd, f"{name}: every chart's ticks are round numbers from 0"
                   + (f" (first: {odd[0]})" if odd else ""))
    pairs = {}
    for c in page.charts:
        m = re.fullmatch(r"(.+)-(\d+)", c)
        if m and (m.group(1) + "-1") in page.charts:
            pairs.setdefault(m.group(1), []).append(c)
    if sides == 2:
        check(len(pairs) >= 12, f"{name}: {len(pairs)} figures draw a panel "
                                "per run")
    for figure, panels in sorted(pairs.items()):
        ranges = {page.charts[p]["axis"] for p in panels}
        check(len(ranges) == 1 and None not in next(iter(ranges)),
              f"{name}: {figure}'s panels share one value range {ranges}")
        named = [next((t for k, t in page.texts[p] if k == "panel"), "")
                 for p in panels]
        check(all(named) and len(set(named)) == len(panels),
              f"{name}: {figure}'s panels are named {named}")


def open_in_chromium(page_file, screenshot, profile):
    common = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
              "--hide-scrollbars", f"--user-data-dir={profile}",
              "--virtual-time-budget=10000"]
    dom = subprocess.run(common + ["--dump-dom", f"file://{page_file}"],
                         capture_output=True, text=True, timeout=180)
    if dom.returncode != 0 or "<body" not in dom.stdout:
        sys.exit(f"chromium could not open {page_file}: {dom.stderr[-2000:]}")
    subprocess.run(common + ["--window-size=1280,2400",
                             f"--screenshot={screenshot}",
                             f"file://{page_file}"],
                   capture_output=True, timeout=180, check=True)
    return dom.stdout


def main():
    if shutil.which("chromium") is None:
        sys.exit("chromium is not installed (scripts/setup.sh installs it)")
    os.makedirs(ARTEFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="frontdoor-report-")
    out = os.path.join(work, "out")
    with open(os.path.join(work, "short.textproto"), "w") as f:
        f.write('name: "report test" child_population: 20000 '
                'start_date: "2023-09-01" days: 91 warmup_days: 60 seed: 3\n')
    with open(os.path.join(work, "busier.textproto"), "w") as f:
        f.write('name: "report test, busier" child_population: 20000 '
                'start_date: "2023-09-01" days: 91 warmup_days: 60 seed: 3\n'
                'demand { contacts_per_10k: 3000 }\n')
    data = ["--data_dir=" + os.path.join(work, "data"), "--out=" + out, "-q"]
    run(FRONTDOOR, "simulate", "--scenario=" + os.path.join(work,
        "short.textproto"), "--run=a", *data, cwd=work)
    run(FRONTDOOR, "simulate", "--scenario=" + os.path.join(work,
        "busier.textproto"), "--run=b", "--replications=2", *data, cwd=work)
    # The same seeds as b at the usual demand: a paired comparison whose
    # headline has something to say.
    run(FRONTDOOR, "simulate", "--scenario=" + os.path.join(work,
        "short.textproto"), "--run=c", "--replications=2", *data, cwd=work)
    run(FRONTDOOR, "policy", "diff",
        os.path.join(SOURCE, "policies/default.textproto"),
        os.path.join(SOURCE, "policies/da-to-early-help.textproto"),
        "--contacts=" + os.path.join(SOURCE, "examples/contacts.jsonl"),
        "--format=csv", "--out=" + os.path.join(work, "diff"), cwd=work)
    said = run(FRONTDOOR, "report", "a", "--from=" + out, cwd=work)
    single = os.path.join(out, "a", "report.html")
    check(said.strip() == f"report: {out}/a/report.html",
          "report prints where it wrote the page")
    pair = os.path.join(work, "a-vs-b.html")
    run(FRONTDOOR, "report", "a", "b", "--from=" + out, "--out=" + pair,
        "--matrix=" + os.path.join(work, "diff", "policy-diff-matrix.csv"),
        cwd=work)
    paired = os.path.join(work, "b-vs-c.html")
    run(FRONTDOOR, "report", "b", "c", "--from=" + out, "--out=" + paired,
        cwd=work)
    kpis = {"a": json.load(open(os.path.join(out, "a", "kpis.json")))}
    for run_name in ("b", "c"):
        for i in (1, 2):
            kpis[f"{run_name}-r{i}"] = json.load(open(os.path.join(
                out, f"{run_name}-r{i}", "kpis.json")))
    whole_weeks = sum(1 for w in kpis["a"]["weeks"] if not w.get("partial"))
    months = len(kpis["a"]["months"])
    check(whole_weeks >= 10 and months >= 3,
          f"the run has {whole_weeks} whole weeks and {months} months")

    for name, page_file, sides, matrix in (
            ("report", single, 1, False), ("report-a-vs-b", pair, 2, True),
            ("report-b-vs-c", paired, 2, False)):
        source = open(page_file).read()
        for pattern in (r'<script[^>]+src=', r'<link[^>]+href=',
                        r'url\((?!#)', r'@import', r'src="http'):
            check(re.search(pattern, source) is None,
                  f"{name}: nothing fetched ({pattern})")
        screenshot = os.path.join(ARTEFACTS, name + ".png")
        dom = open_in_chromium(page_file, screenshot,
                               os.path.join(work, "profile-" + name))
        page = Page()
        page.feed(dom)
        check(int(page.body.get("data-charts-rendered", -1)) ==
              len(page.charts) and len(page.charts) >= 14,
              f"{name}: the page's script saw all {len(page.charts)} charts")
        for chart_id, c in sorted(page.charts.items()):
            check(c["marks"] > 0 and c["rendered"] == c["marks"],
                  f"{name}: {chart_id} drew {c['rendered']} of its "
                  f"{c['marks']} marks")
        expected = {
            "funnel-chart": 6 * sides,
            "outcomes-chart": 6 * sides,
            "timeliness-chart": 4 * sides,
            "decision-hours-chart": 8 * sides,
            "plan-length-chart": 5 * sides,
            "stepping-chart": 5 * sides,
            "weekly-contacts-0": whole_weeks,
            "caseloads-chart-0": 2 * months,
            "assessments-chart-0": months,
        }
        if sides == 2:
            expected["caseloads-chart-1"] = 2 * months
        if matrix:
            expected["matrix-heat"] = 36
        for chart_id, want in expected.items():
            got = page.charts.get(chart_id, {}).get("rendered")
            check(got == want, f"{name}: {chart_id} has {got} marks, "
                               f"{want} expected from the data")
        check_reads(name, page, sides)
        expected_more = {"sources-chart": None, "queue-chart-0": months,
                         "oldest-wait-chart-0": months,
                         "early-help-waiting-chart-0": months,
                         "early-help-wait-chart-0": months,
                         "agency-vacancy-chart-0": 2 * months,
                         "decision-histogram-0": 25}
        for chart_id, want in expected_more.items():
            got = page.charts.get(chart_id, {}).get("rendered")
            check(got is not None and (want is None or got == want),
                  f"{name}: {chart_id} drawn with {got} marks")
        if sides == 2:
            snake = [t for s, t in page.row_headers
                     if s == "differences" and re.fullmatch(r"[a-z0-9_]+", t)]
            check(not snake and any(s == "differences" for s, _ in
                                    page.row_headers),
                  f"{name}: every KPI compared is named in English"
                  + (f" (not {snake[:3]})" if snake else ""))
            headline = page.sections.get("headline", "")
            check("against" in headline,
                  f"{name}: the page opens with what the change does")
        if name == "report-b-vs-c":
            headline = page.sections.get("headline", "")
            check(re.search(r"[A-Z][a-z].* (rises|falls) from [0-9,.]+%? to "
                            r"[0-9,.]+%?.* \([+-][0-9,.]+( pp)?; 95% interval",
                            headline) is not None,
                  f"{name}: the headline says what changed, in numbers: "
                  f"{headline[:200]!r}")
        if matrix:
            said = page.sections.get("matrix", "")
            check("england-continuum v1" in said and
                  "england-continuum v2" in said,
                  f"{name}: the matrix names both policies")
        check(len(page.cells) > 100,
              f"{name}: {len(page.cells)} table cells name their KPI")
        wrong = [(r, p, t) for r, p, t in page.cells
                 if not same_as_shown(resolve(kpis[r], p), t)]
        check(not wrong, f"{name}: every table number equals kpis.json"
                         + (f" (first wrong: {wrong[0]})" if wrong else ""))
        check(os.path.getsize(screenshot) > 20000,
              f"{name}: screenshot kept at {screenshot}")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} checks failed")
    print("all checks passed")


main()
