#include "dtls/dtls_record.h"

#include <gtest/gtest.h>

namespace wasmrtc::dtls {
namespace {

Bytes record(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq, size_t body) {
  Bytes r = {type, static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version),
             static_cast<uint8_t>(epoch >> 8), static_cast<uint8_t>(epoch)};
  for (int shift = 40; shift >= 0; shift -= 8) r.push_back(static_cast<uint8_t>(seq >> shift));
  r.push_back(static_cast<uint8_t>(body >> 8));
  r.push_back(static_cast<uint8_t>(body));
  r.resize(r.size() + body, 0xAB);
  return r;
}

TEST(DtlsRecord, ParsesOneRecordWithAllHeaderFields) {
  auto records = parse_records(record(22, 0xFEFD, 1, 0x0000'0102'0304, 5));
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].type, ContentType::kHandshake);
  EXPECT_EQ((*records)[0].version, 0xFEFD);
  EXPECT_EQ((*records)[0].epoch, 1);
  EXPECT_EQ((*records)[0].sequence, 0x0102'0304u);
  EXPECT_EQ((*records)[0].length, 5);
}

TEST(DtlsRecord, ParsesSeveralRecordsInOneDatagram) {
  Bytes d = record(22, 0xFEFF, 0, 0, 40);
  Bytes ccs = record(20, 0xFEFD, 0, 1, 1);
  Bytes fin = record(22, 0xFEFD, 1, 0, 40);
  d.insert(d.end(), ccs.begin(), ccs.end());
  d.insert(d.end(), fin.begin(), fin.end());
  auto records = parse_records(d);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].type, ContentType::kChangeCipherSpec);
  EXPECT_EQ((*records)[2].epoch, 1);
}

TEST(DtlsRecord, AcceptsAnEmptyRecordBody) {
  auto records = parse_records(record(23, 0xFEFD, 1, 7, 0));
  ASSERT_TRUE(records.has_value());
  EXPECT_EQ((*records)[0].length, 0);
}

TEST(DtlsRecord, RejectsMalformedFraming) {
  EXPECT_FALSE(parse_records({}).has_value());
  EXPECT_FALSE(parse_records(record(19, 0xFEFD, 0, 0, 4)).has_value());   // not a DTLS type
  EXPECT_FALSE(parse_records(record(26, 0xFEFD, 0, 0, 4)).has_value());
  EXPECT_FALSE(parse_records(record(22, 0x0303, 0, 0, 4)).has_value());   // TLS 1.2, not DTLS
  EXPECT_FALSE(parse_records(record(22, 0xFEFC, 0, 0, 4)).has_value());   // DTLS 1.3's record version is FEFD
  Bytes truncated = record(22, 0xFEFD, 0, 0, 10);
  truncated.pop_back();
  EXPECT_FALSE(parse_records(truncated).has_value());
  Bytes trailing = record(22, 0xFEFD, 0, 0, 10);
  trailing.push_back(22);  // a header's first byte, but not a header
  EXPECT_FALSE(parse_records(trailing).has_value());
  Bytes header_only = record(22, 0xFEFD, 0, 0, 0);
  header_only.pop_back();
  EXPECT_FALSE(parse_records(header_only).has_value());
}

TEST(DtlsRecord, RejectsLengthsAboveTheRfcLimit) {
  EXPECT_TRUE(parse_records(record(23, 0xFEFD, 1, 0, kMaxRecordLength)).has_value());
  EXPECT_FALSE(parse_records(record(23, 0xFEFD, 1, 0, kMaxRecordLength + 1)).has_value());
}

}  // namespace
}  // namespace wasmrtc::dtls
