#!/usr/bin/env python3
"""Prints how well simple statistical forecasts of each authority's next
year do, from data/la_inputs.csv alone: persistence (next year = this year,
the back-test's baseline), blends of the last two or three years, shrinking
towards England's rate, England's last change carried forward, and a pooled
regression of the year's change, fitted and chosen only on earlier years
(see CANDIDATES). For each
KPI and forecast year: mean and median absolute percentage error over the
authorities with both figures published. A reference for `frontdoor
backtest`, which scores the model against the same baselines. Last, how
often persistence falls inside the back-test's interval for year-on-year
change (1.96 standard deviations of log(this year / last year) over every
authority and pair of years before the forecast year): whether the
interval's year-on-year part is honest, with no simulation at all.

Usage: python3 bench/la_baselines.py [data/la_inputs.csv]
"""

import csv
import math
import os
import statistics
import sys

TABLE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "data", "la_inputs.csv")
ENGLAND = "E92000001"

with open(TABLE, newline="") as f:
    ROWS = {(r["la_code"], r["year"]): r for r in csv.DictReader(f)}
CODES = sorted({code for code, _ in ROWS if code != ENGLAND})

# KPI: (column, per 10,000 children or a published percentage)
KPIS = {
    "referrals_per_10k": ("referrals", True),
    "re_referral_share": ("rereferral_pct", False),
    "assessed_not_in_need_share": ("not_in_need_pct", False),
    "cin_per_10k_at_end": ("cin_at_31mar", True),
    "cp_per_10k_at_end": ("cpp_at_31mar", True),
}


def shifted(year, by):
    first = int(year[:4]) + by
    return "%d-%02d" % (first, (first + 1) % 100)


def value(code, year, kpi):
    column, per_10k = KPIS[kpi]
    row = ROWS.get((code, year))
    if not row or not row[column]:
        return None
    if not per_10k:
        return float(row[column])
    if not row["population_0_17"]:
        return None
    return float(row[column]) * 1e4 / float(row["population_0_17"])


def persistence(code, year, kpi):
    return value(code, shifted(year, -1), kpi)


def blend(*weights):
    def forecast(code, year, kpi):
        if value(code, shifted(year, -1), kpi) is None:
            return None
        pairs = [(w, value(code, shifted(year, -1 - i), kpi))
                 for i, w in enumerate(weights)]
        pairs = [(w, v) for w, v in pairs if v is not None]
        return sum(w * v for w, v in pairs) / sum(w for w, _ in pairs)
    return forecast


def shrink(weight):
    def forecast(code, year, kpi):
        own = value(code, shifted(year, -1), kpi)
        england = value(ENGLAND, shifted(year, -1), kpi)
        if own is None or england is None:
            return None
        return weight * own + (1 - weight) * england
    return forecast


def england_trend(code, year, kpi):
    own = value(code, shifted(year, -1), kpi)
    last = value(ENGLAND, shifted(year, -1), kpi)
    before = value(ENGLAND, shifted(year, -2), kpi)
    if own is None or not last or not before:
        return None
    return own * last / before


# The pooled change: log(this year / last year) regressed, over every
# authority and every year whose outcome was published before the year
# forecast, on how far last year's figure stood from (0) the year before,
# (1) the authority's own mean of up to five years, (2) England's; least
# absolute deviations, no intercept (England's change for the year is not
# known in advance). Which of those regressors to use (or none:
# persistence) is chosen by the same forecast's error on the two years
# before, each fitted only on the years before it, so nothing from the year
# forecast is used to build or choose the forecast.
CANDIDATES = [None, [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]
FIRST_YEAR = 2014  # the first outcome year with two years before it


def regressors(code, year, kpi):
    """Last year's figure and the regressors for forecasting `year`."""
    last = value(code, shifted(year, -1), kpi)
    before = value(code, shifted(year, -2), kpi)
    if not last or not before:
        return None
    own = [value(code, shifted(year, -k), kpi) for k in range(1, 6)]
    own = [v for v in own if v]
    england = value(ENGLAND, shifted(year, -1), kpi)
    return last, [math.log(last / before),
                  math.log(last / statistics.mean(own)) if len(own) >= 3
                  else 0.0,
                  math.log(last / england) if england else 0.0]


def solve(a, b):
    """Solves a x = b (small, dense) by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def least_absolute(x, y):
    """Least absolute deviations by iteratively reweighted least squares."""
    k = len(x[0])
    weights = [1.0] * len(y)
    beta = [0.0] * k
    for _ in range(20):
        a = [[sum(w * r[i] * r[j] for w, r in zip(weights, x))
              for j in range(k)] for i in range(k)]
        b = [sum(w * r[i] * t for w, r, t in zip(weights, x, y))
             for i in range(k)]
        beta = solve(a, b)
        weights = [1 / max(abs(t - sum(p * q for p, q in zip(r, beta))), 1e-3)
                   for r, t in zip(x, y)]
    return beta


def pooled(use):
    """The pooled change with regressors `use`, fitted before each year."""
    def forecast(code, year, kpi, fitted={}):
        key = (year, kpi)
        if key not in fitted:
            x, y = [], []
            outcome = shifted(year, -1)
            while int(outcome[:4]) >= FIRST_YEAR:
                for other in CODES:
                    actual = value(other, outcome, kpi)
                    found = regressors(other, outcome, kpi)
                    if actual and found:
                        x.append([found[1][i] for i in use])
                        y.append(math.log(actual / found[0]))
                outcome = shifted(outcome, -1)
            fitted[key] = least_absolute(x, y)
        found = regressors(code, year, kpi)
        if not found:
            return None
        beta = fitted[key]
        return found[0] * math.exp(sum(b * found[1][i]
                                       for b, i in zip(beta, use)))
    return forecast


POOLED = {tuple(use): pooled(use) for use in CANDIDATES if use}


def chosen_pooled(code, year, kpi, chosen={}):
    """The pooled change whose regressors did best on the two years before
    `year` (persistence if none did better)."""
    key = (year, kpi)
    if key not in chosen:
        def error(candidate):
            forecast = POOLED[tuple(candidate)] if candidate else persistence
            return sum(score(forecast, shifted(year, -k), kpi)[0]
                       for k in (1, 2))
        chosen[key] = min(CANDIDATES, key=error)
    use = chosen[key]
    forecast = POOLED[tuple(use)] if use else persistence
    return forecast(code, year, kpi)


FORECASTS = [
    ("persistence", persistence),
    ("mean of 2 years", blend(1, 1)),
    ("2:1 of 2 years", blend(2, 1)),
    ("mean of 3 years", blend(1, 1, 1)),
    ("90% own, 10% England", shrink(0.9)),
    ("England's last change", england_trend),
    ("pooled change, chosen", chosen_pooled),
]


def score(forecast, year, kpi):
    errors = []
    for code in CODES:
        actual, predicted = value(code, year, kpi), forecast(code, year, kpi)
        if actual and predicted is not None:
            errors.append(100 * abs(predicted - actual) / actual)
    return statistics.mean(errors), statistics.median(errors), len(errors)


def spread(year, kpi):
    """The back-test's year-on-year spread for forecasting `year`."""
    changes = []
    for code in CODES:
        last = shifted(year, -1)
        while (code, last) in ROWS and (code, shifted(last, -1)) in ROWS:
            now = value(code, last, kpi)
            then = value(code, shifted(last, -1), kpi)
            if now and then:
                changes.append(math.log(now / then))
            last = shifted(last, -1)
    return statistics.stdev(changes)


def coverage(year, kpi):
    half = 1.96 * spread(year, kpi)
    inside = []
    for code in CODES:
        actual, predicted = value(code, year, kpi), persistence(code, year, kpi)
        if actual and predicted:
            inside.append(abs(math.log(actual / predicted)) <= half)
    return 100 * sum(inside) / len(inside)


def main():
    years = ["2021-22", "2022-23", "2023-24"]
    for kpi in KPIS:
        print(kpi)
        print("  %-24s" % "forecast" +
              "".join("%22s" % ("%s MAPE/median" % y) for y in years))
        for name, forecast in FORECASTS:
            cells = []
            for year in years:
                mape, median, n = score(forecast, year, kpi)
                cells.append("%14.1f%% %5.1f%%" % (mape, median))
            print("  %-24s" % name + "".join(cells))
        print("  %-24s" % "persistence inside 95%" +
              "".join("%21.1f%%" % coverage(y, kpi) for y in years))
        print()


if __name__ == "__main__":
    main()
