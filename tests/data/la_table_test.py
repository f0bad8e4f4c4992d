#!/usr/bin/env python3
"""Checks data/la_inputs.csv against England's published totals
(shared/domain.md section 5.1), a few rows read off DfE's and ONS's files by
hand, and the rule that no figure from 2024-25 or later is in the table."""

import csv
import os
import sys
import unittest

ROOT = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "data"))
import build_la_table  # noqa: E402

with open(os.path.join(ROOT, "data", "la_inputs.csv"), newline="") as f:
    READER = csv.DictReader(f)
    HEADER = READER.fieldnames
    ROWS = list(READER)
BY_KEY = {(r["la_code"], r["year"]): r for r in ROWS}


def figure(code, year, column):
    return float(BY_KEY[(code, year)][column])


class LaTableTest(unittest.TestCase):

    def test_columns_are_the_scripts(self):
        self.assertEqual(HEADER, build_la_table.COLUMNS)

    def test_no_year_after_2023_24(self):
        years = {r["year"] for r in ROWS}
        self.assertEqual(max(years), "2023-24")
        self.assertNotIn("2024-25", years)

    def test_england_matches_published_totals(self):
        # shared/domain.md 5.1 (DfE C1, B1, D3, D5) and 5.9 (CSWW).
        e = "E92000001"
        self.assertEqual(figure(e, "2023-24", "referrals"), 621880)
        self.assertEqual(figure(e, "2023-24", "nfa"), 38920)
        self.assertEqual(figure(e, "2023-24", "not_in_need"), 188300)
        self.assertEqual(figure(e, "2023-24", "cin_started"), 394660)
        self.assertEqual(figure(e, "2023-24", "cin_at_31mar"), 399460)
        self.assertEqual(figure(e, "2023-24", "cpp_starts"), 62110)
        self.assertEqual(figure(e, "2023-24", "cpp_at_31mar"), 49900)
        self.assertEqual(figure(e, "2022-23", "referrals"), 640430)
        self.assertEqual(figure(e, "2012-13", "referrals"), 593470)
        # The census of 30 September 2023 belongs to 2023-24.
        self.assertEqual(figure(e, "2023-24", "sw_fte"), 33119.1)
        self.assertEqual(figure(e, "2022-23", "sw_fte"), 31634.1)

    def test_authorities_sum_to_england(self):
        for year in ("2021-22", "2022-23", "2023-24"):
            for column in ("referrals", "cin_at_31mar", "population_0_17"):
                total = sum(float(r[column]) for r in ROWS
                            if r["year"] == year and r[column]
                            and r["la_code"] != "E92000001")
                if year == "2023-24" and column != "population_0_17":
                    # DfE's 2023-24 total carries Hampshire's 2022-23 return
                    # (shared/domain.md 5.1); its own 2023-24 row is blank.
                    self.assertEqual(
                        BY_KEY[("E10000014", year)][column], "")
                    total += figure("E10000014", "2022-23", column)
                england = figure("E92000001", year, column)
                self.assertAlmostEqual(total / england, 1, delta=0.01,
                                       msg="%s %s" % (year, column))

    def test_rows_checked_by_hand(self):
        # Sandwell, 2023-24: C1 2024, ONS mid-2023, CLA 2024, CSWW 2023.
        s = BY_KEY[("E08000028", "2023-24")]
        self.assertEqual(s["la_name"], "Sandwell")
        self.assertEqual(s["population_0_17"], "87056")
        self.assertEqual(s["referrals"], "4397")
        self.assertEqual(s["rereferral_pct"], "20.9")
        self.assertEqual(s["nfa"], "")  # suppressed ("c") by DfE
        self.assertEqual(s["not_in_need"], "1007")
        self.assertEqual(s["cla_at_31mar"], "808")
        self.assertEqual(s["sw_fte"], "228.7")
        self.assertEqual(s["sw_agency_fte"], "49")
        self.assertEqual(s["sw_vacancy_fte"], "51.4")
        # County Durham, 2022-23: NFA recorded as none at all.
        d = BY_KEY[("E06000047", "2022-23")]
        self.assertEqual(d["referrals"], "4683")
        self.assertEqual(d["nfa"], "0")

    def test_every_authority_with_referrals_has_a_population(self):
        missing = [r["la_code"] for r in ROWS
                   if r["year"] == "2023-24" and r["referrals"]
                   and not r["population_0_17"]]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
