#!/usr/bin/env python3
"""Builds data/la_inputs.csv: every English local authority's published
children's social care figures by reporting year, from DfE's and ONS's CSVs.

The source CSVs are the ones DfE's CSC outcomes and enablers dashboard
bundles (github.com/dfe-analytical-services/CSC_outcomes_and_enablers,
folder data-raw/). Point --raw at that folder (a checkout or an export of it);
nothing is downloaded.

Only reporting years up to and including 2023-24 are written, and only
figures that describe a moment before 1 April 2024: 2024-25 is the untouched
test year, so no file's later rows, the ONS mid-2024 estimate or the
workforce census of 30 September 2024 ever reach the table.

Usage: build_la_table.py --raw DIR [--commit SHA] [--out data/la_inputs.csv]
"""

import argparse
import csv
import os
import sys

# The last reporting year the table may hold (time_period 2024 = 2023-24).
LAST_PERIOD = 2024

NATIONAL_CODE = "E92000001"

# (file, {table column: source column}) for files with one row per
# authority and reporting year; time_period T is the year ending 31 March T.
REPORTING_YEAR_FILES = [
    ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", {
        "referrals": "referral_count",
        "rereferrals": "rereferral_count",
        "rereferral_pct": "rereferral_percent",
        "nfa": "no_further_action_count",
        "nfa_pct": "no_further_action_percent",
        "not_in_need": "not_in_need_count",
        "not_in_need_pct": "not_in_need_percent",
    }),
    ("b1_children_in_need_2013_to_2025.csv", {
        "cin_started": "Started_episodes",
        "cin_ended": "Ended_episodes",
        "cin_at_31mar": "At31_episodes",
        "awaiting_assessment": "awaiting_assessment",
    }),
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", {
        "cpp_starts": "CPP_start",
        "cpp_subsequent_pct": "CPP_subsequent_percent",
    }),
    ("d5_cpps_at31march_by_duration_2013_to_2025.csv", {
        "cpp_at_31mar": "CPP_At31",
    }),
]

# The looked-after file has one row per population_type.
CLA_FILE = "cla_number_and_rate_per_10k_children.csv"
CLA_TYPES = {
    "Children looked after on 31 March each year": "cla_at_31mar",
    "Children starting to be looked after each year": "cla_started",
    "Children ceasing to be looked after each year": "cla_ceased",
}

# The workforce census is taken on 30 September: time_period T is the
# census of 30 September T, which falls in reporting year T to T+1.
CSWW_FILE = "csww_indicators_2017_to_2025.csv"
CSWW_COLUMNS = {
    "sw_fte": "inpost_fte",
    "sw_starters_fte": "starters_fte",
    "sw_leavers_fte": "leavers_fte",
    "sw_turnover_pct": "turnover_rate_fte",
    "sw_agency_fte": "agency_fte",
    "sw_agency_pct": "agency_rate_fte",
    "sw_vacancy_fte": "vacancy_fte",
    "sw_vacancy_pct": "vacancy_rate_fte",
    "sw_case_holders_fte": "case_holders_fte",
    "sw_cases": "cases",
    "sw_caseload": "caseload_fte",
    "sw_absence_pct": "absence_rate_fte",
}

# ONS mid-year estimates: time_period T is the estimate for 30 June T, which
# DfE uses for the reporting year ending 31 March T+1.
ONS_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"

COLUMNS = (["la_code", "la_name", "old_la_code", "region", "year",
            "population_0_17"] +
           [c for _, cols in REPORTING_YEAR_FILES for c in cols] +
           list(CLA_TYPES.values()) + list(CSWW_COLUMNS))

# Cells DfE suppresses or marks as not applicable.
SUPPRESSED = {"", "x", "c", "z", "u", "k", "low", ":", ".."}


def year_label(period):
    """'2023-24' for time_period 2024."""
    return "%d-%02d" % (period - 1, period % 100)


def cell(value):
    value = value.strip()
    if value.lower() in SUPPRESSED:
        return ""
    float(value)  # a figure that is neither suppressed nor a number fails
    return value


def read(raw, name):
    path = os.path.join(raw, name)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            level = row["geographic_level"]
            if level == "National":
                row["new_la_code"] = NATIONAL_CODE
                row["la_name"] = "England"
            elif level != "Local authority":
                continue
            if not row["new_la_code"]:
                continue
            yield row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", required=True,
                        help="the CSC_outcomes_and_enablers data-raw folder")
    parser.add_argument("--commit", default="",
                        help="the source repository's commit, for the record")
    parser.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "la_inputs.csv"))
    args = parser.parse_args()

    table = {}  # (code, period) -> row
    names = {}

    def row_for(src, period):
        key = (src["new_la_code"], period)
        if key not in table:
            table[key] = {c: "" for c in COLUMNS}
            table[key].update(la_code=key[0], year=year_label(period))
        row = table[key]
        # The latest name, old code and region an authority is published
        # under win, so a renamed authority has one name throughout.
        names[key[0]] = (src["la_name"], src.get("old_la_code", ""),
                         src.get("region_name", ""))
        return row

    for name, columns in REPORTING_YEAR_FILES:
        for src in read(args.raw, name):
            period = int(src["time_period"])
            if period > LAST_PERIOD:
                continue
            row = row_for(src, period)
            for ours, theirs in columns.items():
                row[ours] = cell(src[theirs])
    for src in read(args.raw, CLA_FILE):
        period = int(src["time_period"])
        column = CLA_TYPES.get(src["population_type"])
        if period > LAST_PERIOD or column is None:
            continue
        row_for(src, period)[column] = cell(src["children_count"])
    for src in read(args.raw, CSWW_FILE):
        census = int(src["time_period"])  # 30 September of this year
        if census + 1 > LAST_PERIOD:
            continue
        row = row_for(src, census + 1)
        for ours, theirs in CSWW_COLUMNS.items():
            row[ours] = cell(src[theirs])
    for src in read(args.raw, ONS_FILE):
        mid_year = int(src["time_period"])  # 30 June of this year
        if mid_year + 1 > LAST_PERIOD:
            continue
        row_for(src, mid_year + 1)["population_0_17"] = cell(
            src["population_estimate"])

    for (code, _), row in table.items():
        row["la_name"], row["old_la_code"], row["region"] = names[code]
        if code == NATIONAL_CODE:
            row["old_la_code"], row["region"] = "", ""

    def order(key):
        return (key[0] != NATIONAL_CODE, key[0], key[1])

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for key in sorted(table, key=order):
            writer.writerow(table[key])
    print("wrote %s: %d rows, %d authorities, %s to %s, from data-raw%s" % (
        args.out, len(table), len({k[0] for k in table}) - 1,
        year_label(min(k[1] for k in table)), year_label(LAST_PERIOD),
        " @" + args.commit if args.commit else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
