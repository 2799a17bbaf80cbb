// Tests of the CSV reader: quoting, locations, errors, and strict numbers.
#include <gtest/gtest.h>

#include "parley/csv.hpp"

using parley::Diagnostics;
using parley::parse_csv;
using parley::parse_number;

TEST(Csv, ReadsCellsWithLocations) {
  Diagnostics d;
  auto t = parse_csv("a,b, c\n1,\"x,y\",3\n", "f.csv", d);
  ASSERT_FALSE(d.has_errors());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].cells[2].text, "c");
  EXPECT_EQ(t.rows[0].cells[2].column, 6);  // "a,b, c": c is the 6th byte
  EXPECT_EQ(t.rows[1].cells[1].text, "x,y");
  EXPECT_EQ(t.rows[1].cells[1].column, 3);
  EXPECT_EQ(t.rows[1].cells[2].column, 9);
  EXPECT_EQ(t.rows[1].line, 2);
}

TEST(Csv, HandlesCrLfDoubledQuotesCommentsAndBlankLines) {
  Diagnostics d;
  auto t = parse_csv("\xEF\xBB\xBFh1,h2\r\n# a comment\r\n\r\n\"say \"\"hi\"\"\",2\r\n", "f.csv", d);
  ASSERT_FALSE(d.has_errors());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].cells[0].text, "h1");
  EXPECT_EQ(t.rows[1].cells[0].text, "say \"hi\"");
  EXPECT_EQ(t.rows[1].line, 4);
}

TEST(Csv, ReportsUnterminatedQuoteAtItsStart) {
  Diagnostics d;
  parse_csv("a,b\n1,\"open\n", "f.csv", d);
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.items()[0].str(),
            "f.csv:2:3: error: unterminated quoted field: found end of file, expected a closing '\"'");
}

TEST(Csv, ReportsTextAfterClosingQuote) {
  Diagnostics d;
  parse_csv("\"a\"x,b\n", "f.csv", d);
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.items()[0].where.column, 4);
}

TEST(Csv, NumbersAreStrict) {
  EXPECT_EQ(parse_number("2.5"), 2.5);
  EXPECT_EQ(parse_number(" -1e3 "), -1000.0);
  EXPECT_EQ(parse_number("+4"), 4.0);
  EXPECT_FALSE(parse_number("").has_value());
  EXPECT_FALSE(parse_number("1.2.3").has_value());
  EXPECT_FALSE(parse_number("12abc").has_value());
  EXPECT_FALSE(parse_number("nan").has_value());
  EXPECT_FALSE(parse_number("inf").has_value());
  EXPECT_FALSE(parse_number("1e999").has_value());
}

TEST(Diagnostics, ClosestMatchSuggestsOnlyPlausibleTypos) {
  EXPECT_EQ(parley::closest_match("salince", {"salience", "position", "veto"}), "salience");
  EXPECT_EQ(parley::closest_match("xyz", {"salience", "position"}), "");
}

// csv_field writes what parse_csv reads back: fields by hand, then a round trip.
TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(parley::csv_field("plain"), "plain");
  EXPECT_EQ(parley::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(parley::csv_field("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(parley::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(parley::csv_field("carriage\rreturn"), "\"carriage\rreturn\"");
  parley::Diagnostics d;
  const std::string line = parley::csv_field("a,\"b\"") + "," + parley::csv_field("c") + "\n";
  const auto t = parley::parse_csv(line, "x.csv", d);
  ASSERT_FALSE(d.has_errors());
  ASSERT_EQ(t.rows.size(), 1u);
  ASSERT_EQ(t.rows[0].cells.size(), 2u);
  EXPECT_EQ(t.rows[0].cells[0].text, "a,\"b\"");
  EXPECT_EQ(t.rows[0].cells[1].text, "c");
}
