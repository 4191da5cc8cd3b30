// Byte-level helpers for the readers: UTF-8 validation and positions for diagnostics.
#include <cstdio>

#include "ingest/internal.h"
#include "text/text.h"

namespace chronicle::ingest {

bool is_valid_utf8(std::string_view bytes, size_t* error_offset) {
  return text::is_valid_utf8(bytes, error_offset);
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
