// Replay input: CSV parsing (quotes, CRLF, BOM), loose Annex A headers,
// refused rows with line and column, pseudonyms that are stable and keyed,
// and pacing computed from event time.
#include "clients/replay/replay_file.h"

#include <fstream>

#include "clients/replay/csv_reader.h"
#include "clients/replay/date_time.h"
#include "clients/replay/replay.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

Pseudonymiser Key(const std::string& key = "0123456789abcdef-test-key") {
  return *Pseudonymiser::FromKey(key);
}

class ReplayFileTest : public ::testing::Test {
 protected:
  absl::StatusOr<ReplayInput> Read(const std::string& text,
                                   const ReplayFilter& filter = {}) {
    const std::string path = dir_.Sub("in.csv");
    std::ofstream(path, std::ios::binary) << text;
    return ReadReplayFile(path, Key(), "000", filter);
  }
  testing::TempDir dir_;
};

TEST(CsvReaderTest, QuotesCommasNewlinesCrlfAndBom) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,\r\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*records)[1].fields,
            (std::vector<std::string>{"x, \"y\"", "two\nlines"}));
  EXPECT_EQ((*records)[2].line, 5);
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"last", ""}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesItsLine) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv("a\n\"open\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(std::string(records.status().message()),
            "line 2: a quoted field is never closed");
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAnError) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv("a,b\n\"x\"y,1\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(std::string(records.status().message()),
            "line 2: a quoted field is followed by text after its closing "
            "quote (a stray quote?)");
}

TEST(CsvReaderTest, SemicolonsAndTabsAreDetected) {
  EXPECT_EQ(DetectDelimiter("a;b;\"c,d\"\n1;2;3\n"), ';');
  EXPECT_EQ(DetectDelimiter("a\tb\tc\n"), '\t');
  EXPECT_EQ(DetectDelimiter("a,b\n"), ',');
  EXPECT_EQ(DetectDelimiter("single\n"), ',');
  absl::StatusOr<std::vector<CsvRecord>> records =
      ParseCsv("a;b\n\"x;y\";2\n", ';');
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x;y", "2"}));
}

TEST(DateTimeTest, ExcelIsoAndCaseManagementFormsInLondonTime) {
  const absl::TimeZone london = EnglandTime();
  const auto utc = [&](absl::string_view date, absl::string_view time = "") {
    std::optional<absl::Time> t = ParseDateTime(date, time, london);
    return t ? FormatEventTime(*t) : std::string("refused");
  };
  // Winter: London is UTC.
  EXPECT_EQ(utc("27/02/2023 09:15"), "2023-02-27T09:15:00Z");
  EXPECT_EQ(utc("2023-02-27 09:15"), "2023-02-27T09:15:00Z");
  EXPECT_EQ(utc("2023-02-27T09:15:00"), "2023-02-27T09:15:00Z");
  EXPECT_EQ(utc("27/02/2023", "09:15:30"), "2023-02-27T09:15:30Z");
  EXPECT_EQ(utc("2023-02-27"), "2023-02-27T00:00:00Z");
  // Summer: British Summer Time, an hour ahead.
  EXPECT_EQ(utc("14/07/2023 09:30"), "2023-07-14T08:30:00Z");
  EXPECT_EQ(utc("2023-07-14T09:30:00.250"), "2023-07-14T08:30:00Z");
  // An offset is taken as written.
  EXPECT_EQ(utc("2023-07-14T09:30:00Z"), "2023-07-14T09:30:00Z");
  EXPECT_EQ(utc("2023-07-14T09:30:00+01:00"), "2023-07-14T08:30:00Z");
  EXPECT_EQ(utc("2023-07-14 09:30-0500"), "2023-07-14T14:30:00Z");
  // The hour the clocks skip (26 March 2023, 01:00-02:00) and the hour
  // they repeat (29 October 2023, 01:00-02:00) take their first meaning.
  EXPECT_EQ(utc("2023-10-29 01:30"), "2023-10-29T00:30:00Z");
  // Not dates.
  EXPECT_EQ(utc("31/02/2023"), "refused");
  EXPECT_EQ(utc("2023-02-27 25:00"), "refused");
  EXPECT_EQ(utc("02/27/2023"), "refused");
  EXPECT_EQ(utc("2023-02-27 09:15", "10:00"), "refused");
  EXPECT_EQ(utc("yesterday"), "refused");
}

TEST_F(ReplayFileTest, MixedDateFormsReplayWithNoRefusedRow) {
  absl::StatusOr<ReplayInput> input = Read(
      "child_id;age;contact_date;source;factors\n"
      "A;5;27/02/2023 09:15;6;3B\n"
      "B;5;2023-02-27 09:15;6;3B\n"
      "C;5;2023-02-27T09:15:00;6;3B\n"
      "D;5;2023-07-14 09:30;6;3B\n"
      "E;5;14/07/2023;6;3B\n");
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_TRUE(input->errors.empty()) << input->errors[0].why;
  ASSERT_EQ(input->rows.size(), 5u);
  EXPECT_EQ(FormatEventTime(FromProto(input->rows[4].contact.event_time())),
            "2023-07-14T08:30:00Z");
}

TEST_F(ReplayFileTest, AStrayQuoteThatMergesRowsIsRefused) {
  // The quote opened on line 2 closes on line 3: one record, too many fields.
  absl::StatusOr<ReplayInput> input = Read(
      "child_id,age,contact_date,source\n"
      "A,5,\"2023-02-27,6\n"
      "B,5,2023-02-27\",6\n"
      "C,5,2023-02-27,6\n");
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_EQ(input->errors.size(), 1u);
  EXPECT_EQ(input->errors[0].line, 2);
  EXPECT_NE(input->errors[0].why.find("stray quote"), std::string::npos);
  EXPECT_EQ(input->rows.size(), 1u);
}

TEST_F(ReplayFileTest, RowsIntakeWouldRefuseAreCaughtBeforeSending) {
  absl::StatusOr<ReplayInput> input = Read(
      "child_id,date_of_birth,contact_date,source,local_authority\n"
      "A,2005-01-01,2023-06-01,6,000\n"  // 18 on the day of the contact
      "B,2015-01-01,2023-06-01,6,00000000000000000000\n"
      "C,2015-01-01,2023-06-01,6,000\n");
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_EQ(input->rows.size(), 1u);
  ASSERT_EQ(input->errors.size(), 2u);
  EXPECT_EQ(input->errors[0].line, 2);
  EXPECT_EQ(input->errors[1].line, 3);
  EXPECT_NE(input->errors[1].column.find("local_authority"), std::string::npos)
      << input->errors[1].column;
}

TEST_F(ReplayFileTest, AnnexAHeadersUkDatesAndCodes) {
  absl::StatusOr<ReplayInput> input = Read(
      "Child Unique ID,Child Name,Date of Birth,Date of Contact,Time of "
      "Contact,Contact Source,Assessment Factors,Recorded Outcome\n"
      "RAW-1,Jane Doe,02/03/2015,2024-09-03,10:15,q) 6: Police,3b;4B,s17\n");
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_EQ(input->rows.size(), 1u);
  const v1::Contact& c = input->rows[0].contact;
  EXPECT_EQ(c.source(), "6");
  EXPECT_EQ(std::vector<std::string>(c.factors().begin(), c.factors().end()),
            (std::vector<std::string>{"3B", "4B"}));
  EXPECT_EQ(c.date_of_birth().month(), 3);
  // 10:15 in London in September is 09:15 UTC (British Summer Time).
  EXPECT_EQ(FormatEventTime(FromProto(c.event_time())), "2024-09-03T09:15:00Z");
  EXPECT_EQ(input->rows[0].recorded, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ(c.child_id(), Key().Pseudonym("P", "RAW-1"));
  EXPECT_EQ(c.child_id().find("RAW"), std::string::npos);
}

TEST_F(ReplayFileTest, BadRowsAreRefusedWithLineAndColumnWithoutTheirIds) {
  absl::StatusOr<ReplayInput> input = Read(
      "child_id,date_of_birth,contact_date,source,factors\n"
      "SECRET-1,2015-01-01,2024-13-01,6,3B\n"
      "SECRET-2,2015-01-01,2024-01-02,99,3B\n"
      "SECRET-3,2015-01-01,2024-01-02,6,77Q\n"
      "SECRET-4,not a date,2024-01-02,6,\n"
      ",2015-01-01,2024-01-02,6,\n"
      "SECRET-6,2015-01-01,2024-01-02,2A,16A\n");
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(input->rows_read, 6);
  ASSERT_EQ(input->rows.size(), 1u);
  ASSERT_EQ(input->errors.size(), 5u);
  EXPECT_EQ(input->errors[0].line, 2);
  EXPECT_EQ(input->errors[0].column, "contact_date");
  EXPECT_EQ(input->errors[1].column, "source");
  EXPECT_EQ(input->errors[1].why,
            "is not a ReferralSource code (1A-1D, 2A, 2B, 3A-3F, 4, 5A-5D, 6, "
            "7, 8, 9, 10)");
  EXPECT_EQ(input->errors[2].column, "factors");
  EXPECT_EQ(input->errors[3].column, "date_of_birth");
  EXPECT_EQ(input->errors[4].column, "child_id");
  for (const RowError& e : input->errors) {
    EXPECT_EQ(e.why.find("SECRET"), std::string::npos) << e.why;
    EXPECT_EQ(e.why.find("77Q"), std::string::npos) << e.why;
  }
}

TEST_F(ReplayFileTest, MissingRequiredColumnIsAnError) {
  absl::StatusOr<ReplayInput> input =
      Read("child_id,contact_date,factors\nA,2024-01-01,3B\n");
  ASSERT_FALSE(input.ok());
  EXPECT_NE(input.status().message().find("missing column source"),
            std::string::npos)
      << input.status();
}

TEST_F(ReplayFileTest, FiltersByDateSourceAndAuthorityAndSortsByTime) {
  ReplayFilter filter;
  filter.from = absl::CivilDay(2024, 1, 2);
  filter.sources = {"6", "2A"};
  absl::StatusOr<ReplayInput> input = Read(
      "child_id,age,contact_date,source\n"
      "A,5,2024-01-03T09:00:00Z,6\n"
      "B,5,2024-01-01,6\n"
      "C,5,2024-01-02T08:00:00Z,2A\n"
      "D,5,2024-01-05,3A\n",
      filter);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(input->filtered_out, 2);
  ASSERT_EQ(input->rows.size(), 2u);
  EXPECT_EQ(input->rows[0].line, 4);  // C, earlier than A
  EXPECT_EQ(input->rows[1].line, 2);
}

TEST(ReplayPacingTest, DelayIsTheEventGapOverTheSpeed) {
  EXPECT_EQ(PacingDelay(absl::Hours(1), 3600), absl::Seconds(1));
  EXPECT_EQ(PacingDelay(absl::Hours(1), 0), absl::ZeroDuration());
  EXPECT_EQ(PacingDelay(-absl::Hours(1), 10), absl::ZeroDuration());
  EXPECT_EQ(*ParseSpeed("3600x"), 3600);
  EXPECT_EQ(*ParseSpeed("realtime"), 1);
  EXPECT_EQ(*ParseSpeed("max"), 0);
  EXPECT_FALSE(ParseSpeed("fast").ok());
}

TEST(ReplayOutcomeTest, RecordedOutcomeSpellings) {
  EXPECT_EQ(*ParseOutcome("No Further Action"), v1::OUTCOME_NO_FURTHER_ACTION);
  EXPECT_EQ(*ParseOutcome("s47"), v1::OUTCOME_STRATEGY_DISCUSSION);
  EXPECT_EQ(*ParseOutcome("Early help"), v1::OUTCOME_EARLY_HELP);
  EXPECT_FALSE(ParseOutcome("maybe").has_value());
}

}  // namespace
}  // namespace frontdoor
