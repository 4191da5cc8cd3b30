// Byte-level helpers for the readers: UTF-8 validation and positions for diagnostics.
#include <cstdio>

#include "ingest/internal.h"

namespace chronicle::ingest {

bool is_valid_utf8(std::string_view bytes, size_t* error_offset) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  size_t pos = 0;
  while (pos < size) {
    const unsigned char lead = data[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    // The allowed range of the second byte depends on the lead byte: this is how overlong forms
    // (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..) are
    // excluded without decoding (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").
    size_t length = 0;
    unsigned char second_min = 0x80, second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      if (error_offset) *error_offset = pos;
      return false;
    }
    if (pos + length > size || data[pos + 1] < second_min || data[pos + 1] > second_max) {
      if (error_offset) *error_offset = pos;
      return false;
    }
    for (size_t k = 2; k < length; ++k) {
      if ((data[pos + k] & 0xC0) != 0x80) {
        if (error_offset) *error_offset = pos;
        return false;
      }
    }
    pos += length;
  }
  return true;
}

uint64_t line_of_offset(std::string_view bytes, size_t offset) {
  uint64_t line = 1;
  const size_t end = offset < bytes.size() ? offset : bytes.size();
  for (size_t pos = 0; pos < end; ++pos) {
    if (bytes[pos] == '\n') ++line;
  }
  return line;
}

std::string describe_byte(std::string_view bytes, size_t offset) {
  if (offset >= bytes.size()) return "end of input";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", static_cast<unsigned char>(bytes[offset]));
  return buffer;
}

bool is_blank(std::string_view bytes) {
  for (char c : bytes) {
    if (!is_space(c)) return false;
  }
  return true;
}

}  // namespace chronicle::ingest
