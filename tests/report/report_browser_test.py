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
  * the page asks for nothing over the network,
and keeps a screenshot of each report in the artefact folder.

Usage: report_browser_test.py FRONTDOOR SOURCE_DIR ARTEFACT_DIR
"""
import html.parser
import json
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

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag in ("script", "img", "link", "iframe") and (
                a.get("src") or a.get("href")):
            self.external.append(f"<{tag}> {a.get('src') or a.get('href')}")
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.chart = a["id"]
            self.depth = 0
            self.charts[self.chart] = {
                "rendered": int(a.get("data-rendered-marks", -1)),
                "marks": 0}
        if self.chart is not None:
            self.depth += 1
            if "mark" in a.get("class", "").split():
                self.charts[self.chart]["marks"] += 1
        if tag == "td" and "data-path" in a:
            self.cell = [a["data-run"], a["data-path"], ""]

    def handle_endtag(self, tag):
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
    kpis = {"a": json.load(open(os.path.join(out, "a", "kpis.json")))}
    for i in (1, 2):
        kpis[f"b-r{i}"] = json.load(open(os.path.join(out, f"b-r{i}",
                                                      "kpis.json")))
    whole_weeks = sum(1 for w in kpis["a"]["weeks"]
                      if not w["period"].endswith("*"))
    months = len(kpis["a"]["months"])
    check(whole_weeks >= 10 and months >= 3,
          f"the run has {whole_weeks} whole weeks and {months} months")

    for name, page_file, sides, matrix in (
            ("report", single, 1, False), ("report-a-vs-b", pair, 2, True)):
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
