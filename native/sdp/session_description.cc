// SDP text <-> SessionDescription (RFC 8866 §5). One pass over the lines, no backtracking, so the
// work is linear in the input whatever it holds.
//
// Tolerant where real stacks differ (CRLF or LF, no final newline, trailing blanks, blank lines,
// unknown line types, o=/s= in either order) and strict where a wrong guess would mislead the JSEP
// layer (v= first and 0, well-formed m= lines). Every error names the 1-based physical line.
//
// Invariant the fuzz target checks: for any text that parses, parse(serialize(parse(text))) equals
// parse(text). Two choices keep it: the parser refuses anything serialize() could not write back
// the same way (a second v=, o= or s=; a CR or NUL inside a line; an a= without a name), and it adds
// the default "t=0 0" itself when the session has no t= line, exactly where serialize() would.
#include "sdp/session_description.h"

namespace wasmrtc::sdp {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kDefaultTiming = "0 0";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on runs of spaces; the tokens are never empty.
std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// 1 to 5 decimal digits, at most 65535.
std::optional<uint16_t> parse_u16(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v > 65535) return std::nullopt;
  return static_cast<uint16_t>(v);
}

// Builds "SDP line N: <what>" only when an error happens: one is made for every line.
class LineError {
 public:
  explicit LineError(size_t line_number) : line_number_(line_number) {}
  Error operator()(std::string_view what) const {
    return make_error(ErrorCode::kInvalidArgument,
                      "SDP line " + std::to_string(line_number_) + ": " + std::string(what));
  }

 private:
  size_t line_number_;
};

Result<Origin> parse_origin(std::string_view value, const LineError& error) {
  auto fields = split_spaces(value);
  if (fields.size() != 6)
    return error("o= line needs 6 fields (username sess-id sess-version nettype addrtype address), got " +
                 std::to_string(fields.size()));
  Origin origin;
  origin.username = fields[0];
  origin.session_id = fields[1];
  origin.session_version = fields[2];
  origin.network_type = fields[3];
  origin.address_type = fields[4];
  origin.address = fields[5];
  return origin;
}

Result<MediaSection> parse_media(std::string_view value, const LineError& error) {
  auto fields = split_spaces(value);
  if (fields.empty()) return error("m= line needs a media type");
  if (fields.size() < 2) return error("m= line needs a port");
  MediaSection media;
  media.media = fields[0];
  std::string_view port = fields[1];
  if (size_t slash = port.find('/'); slash != std::string_view::npos) {
    auto count = parse_u16(port.substr(slash + 1));
    if (!count) return error("m= line port count must be a number from 0 to 65535");
    media.port_count = *count;
    port = port.substr(0, slash);
  }
  auto number = parse_u16(port);
  if (!number) return error("m= line port must be a number from 0 to 65535");
  media.port = *number;
  if (fields.size() < 3) return error("m= line needs a protocol");
  media.protocol = fields[2];
  // RFC 8866 §5.14 requires at least one fmt, and no WebRTC stack omits it, even for a rejected
  // m-line; an m= line without one is more likely truncated text than a real section.
  if (fields.size() < 4) return error("m= line needs at least one format");
  for (size_t i = 3; i < fields.size(); ++i) media.formats.emplace_back(fields[i]);
  return media;
}

Result<Attribute> parse_attribute(std::string_view value, const LineError& error) {
  size_t colon = value.find(':');
  std::string_view name = value.substr(0, colon);
  if (name.empty()) return error("a= line needs an attribute name");
  Attribute attribute{std::string(name), std::nullopt};
  if (colon != std::string_view::npos) attribute.value = std::string(value.substr(colon + 1));
  return attribute;
}

bool has_timing(const std::vector<Line>& lines) {
  for (const Line& line : lines)
    if (line.type == 't') return true;
  return false;
}

void append_line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += kCrlf;
}

void append_attributes(std::string& out, const AttributeList& attributes) {
  for (const Attribute& a : attributes.all()) {
    out += "a=";
    out += a.name;
    if (a.value) {
      out += ':';
      out += *a.value;
    }
    out += kCrlf;
  }
}

}  // namespace

Result<SessionDescription> parse(std::string_view text) {
  SessionDescription description;
  bool have_version = false, have_origin = false, have_name = false;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_end(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty()) continue;
    LineError error(line_number);

    if (line.find('\0') != std::string_view::npos) return error("contains a NUL byte");
    if (line.find('\r') != std::string_view::npos) return error("contains a CR that does not end the line");
    if (!have_version && !line.starts_with("v=")) return error("expected v=0 first");
    if (line.size() < 2 || line[1] != '=') return error("expected <type>=<value>");
    char type = line[0];
    if (!is_letter(type)) return error("the line type must be a letter");
    std::string_view value = line.substr(2);

    if (!have_version) {
      if (value != "0") return error("v= must be 0");
      have_version = true;
      continue;
    }
    if (!have_origin || !have_name) {
      if (type == 'o' && !have_origin) {
        auto origin = parse_origin(value, error);
        if (!origin) return origin.error();
        description.origin = std::move(origin.value());
        have_origin = true;
        continue;
      }
      if (type == 's' && !have_name) {
        description.session_name = value;
        have_name = true;
        continue;
      }
      return error(std::string("expected ") + (have_origin ? "s=" : have_name ? "o=" : "o= and s=") +
                   " after v=");
    }

    switch (type) {
      case 'v':
      case 'o':
      case 's':
        return error(std::string(1, type) + "= may appear only once, at the start");
      case 'm': {
        auto media = parse_media(value, error);
        if (!media) return media.error();
        description.media.push_back(std::move(media.value()));
        break;
      }
      case 'a': {
        auto attribute = parse_attribute(value, error);
        if (!attribute) return attribute.error();
        AttributeList& list =
            description.media.empty() ? description.attributes : description.media.back().attributes;
        list.all().push_back(std::move(attribute.value()));
        break;
      }
      default: {
        std::vector<Line>& lines = description.media.empty() ? description.lines : description.media.back().lines;
        lines.push_back(Line{type, std::string(value)});
        break;
      }
    }
  }
  if (!have_version) return make_error(ErrorCode::kInvalidArgument, "SDP is empty");
  if (!have_origin || !have_name)
    return make_error(ErrorCode::kInvalidArgument, "SDP ends before its o= and s= lines");
  // t= is mandatory (RFC 8866 §5.9) yet some hand-written SDP omits it; serialize() writes
  // "t=0 0" after the other session lines in that case, so the model says so too.
  if (!has_timing(description.lines)) description.lines.push_back(Line{'t', std::string(kDefaultTiming)});
  return description;
}

std::string serialize(const SessionDescription& description) {
  std::string out;
  out.reserve(1024 + 512 * description.media.size());
  append_line(out, 'v', std::to_string(description.version));
  const Origin& o = description.origin;
  append_line(out, 'o', o.username + ' ' + o.session_id + ' ' + o.session_version + ' ' + o.network_type +
                            ' ' + o.address_type + ' ' + o.address);
  append_line(out, 's', description.session_name);
  for (const Line& line : description.lines) append_line(out, line.type, line.value);
  if (!has_timing(description.lines)) append_line(out, 't', kDefaultTiming);
  append_attributes(out, description.attributes);

  for (const MediaSection& media : description.media) {
    std::string m = media.media + ' ' + std::to_string(media.port);
    if (media.port_count) m += '/' + std::to_string(*media.port_count);
    m += ' ';
    m += media.protocol;
    for (const std::string& format : media.formats) {
      m += ' ';
      m += format;
    }
    append_line(out, 'm', m);
    for (const Line& line : media.lines) append_line(out, line.type, line.value);
    append_attributes(out, media.attributes);
  }
  return out;
}

}  // namespace wasmrtc::sdp
