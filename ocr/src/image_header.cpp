// Structure walks over PNG chunks, JPEG markers, BMP headers and TIFF IFDs. See image_header.hpp.
#include "image_header.hpp"

#include <cmath>
#include <set>

namespace kamiflow::ocr::image_header {
namespace {

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::uint16_t be16(std::string_view b, std::size_t at) {
  return std::uint16_t((std::uint8_t(b[at]) << 8) | std::uint8_t(b[at + 1]));
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}
std::uint16_t le16(std::string_view b, std::size_t at) {
  return std::uint16_t(std::uint8_t(b[at]) | (std::uint8_t(b[at + 1]) << 8));
}

Result<PageHeader> read_png(std::string_view b) {
  // Signature (8) + IHDR chunk header (8) + IHDR data (13).
  if (b.size() < 8 + 8 + 13 || b.substr(12, 4) != "IHDR") return Status::Corruption("PNG has no IHDR header");
  PageHeader h;
  h.width = be32(b, 16);
  h.height = be32(b, 20);
  std::size_t pos = 8;
  while (true) {
    if (pos + 12 > b.size()) return Status::Corruption("PNG is truncated (ends before its IEND chunk)");
    const std::uint64_t len = be32(b, pos);
    const std::string_view type = b.substr(pos + 4, 4);
    if (pos + 12 + len > b.size()) return Status::Corruption("PNG is truncated (ends inside a '" + std::string(type) + "' chunk)");
    if (type == "pHYs" && len >= 9 && b[pos + 8 + 8] == 1) {  // unit 1 = pixels per metre
      h.dpi = be32(b, pos + 8) * 0.0254;
    }
    if (type == "IEND") return h;
    pos += 12 + len;
  }
}

bool is_sof(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

Result<PageHeader> read_jpeg(std::string_view b) {
  PageHeader h;
  bool have_sof = false;
  std::size_t pos = 2;  // after SOI
  const auto truncated = [] { return Status::Corruption("JPEG is truncated (ends before its EOI marker)"); };
  while (true) {
    // Skip to the next marker; fill bytes (0xFF runs) are legal before a marker code.
    if (pos >= b.size()) return truncated();
    if (std::uint8_t(b[pos]) != 0xFF) return Status::Corruption("JPEG marker structure is broken");
    while (pos < b.size() && std::uint8_t(b[pos]) == 0xFF) ++pos;
    if (pos >= b.size()) return truncated();
    const std::uint8_t m = std::uint8_t(b[pos++]);
    if (m == 0xD9) break;                                      // EOI
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01 || m == 0xD8) continue;  // no length field
    if (pos + 2 > b.size()) return truncated();
    const std::size_t len = be16(b, pos);
    if (len < 2) return Status::Corruption("JPEG segment with invalid length");
    if (pos + len > b.size()) return truncated();
    const std::string_view seg = b.substr(pos + 2, len - 2);
    if (is_sof(m) && seg.size() >= 5) {
      h.height = be16(seg, 1);
      h.width = be16(seg, 3);
      have_sof = true;
    } else if (m == 0xE0 && seg.size() >= 12 && seg.substr(0, 5) == std::string_view("JFIF\0", 5)) {
      const int units = std::uint8_t(seg[7]);
      const double xd = be16(seg, 8);
      if (units == 1) h.dpi = xd;
      if (units == 2) h.dpi = xd * 2.54;
    }
    pos += len;
    if (m == 0xDA) {
      // Entropy-coded data follows: it ends at the first 0xFF that is neither a stuffed 0x00
      // nor a restart marker (progressive files have several scans, so keep walking).
      while (true) {
        if (pos + 1 >= b.size()) return truncated();
        if (std::uint8_t(b[pos]) == 0xFF) {
          const std::uint8_t n = std::uint8_t(b[pos + 1]);
          if (n != 0x00 && !(n >= 0xD0 && n <= 0xD7) && n != 0xFF) break;
        }
        ++pos;
      }
    }
  }
  if (!have_sof) return Status::Corruption("JPEG has no frame header (SOF)");
  return h;
}

Result<PageHeader> read_bmp(std::string_view b) {
  if (b.size() < 26) return Status::Corruption("BMP header is truncated");
  const std::uint32_t off_bits = le32(b, 10);
  const std::uint32_t dib_size = le32(b, 14);
  PageHeader h;
  int bit_count = 0;
  std::uint32_t compression = 0;
  if (dib_size == 12) {  // OS/2 BITMAPCOREHEADER
    h.width = le16(b, 18);
    h.height = le16(b, 20);
    bit_count = le16(b, 24);
  } else if (dib_size >= 40 && b.size() >= 14 + 40) {
    h.width = std::int32_t(le32(b, 18));
    h.height = std::int32_t(le32(b, 22));
    bit_count = le16(b, 28);
    compression = le32(b, 30);
    const std::int32_t ppm = std::int32_t(le32(b, 38));
    if (ppm > 0) h.dpi = ppm * 0.0254;
  } else {
    return Status::Corruption("BMP header is truncated or of an unknown kind");
  }
  if (h.height < 0) h.height = -h.height;  // top-down bitmap
  if (h.width <= 0 || h.height == 0) return Status::Corruption("BMP header declares no pixels");
  // Uncompressed rows are padded to 4 bytes; the whole array must be inside the file.
  if ((compression == 0 || compression == 3) && bit_count > 0) {
    const long double row_words = std::floor((static_cast<long double>(bit_count) * h.width + 31) / 32);
    if (off_bits + row_words * 4 * h.height > static_cast<long double>(b.size()))
      return Status::Corruption("BMP is truncated (pixel array extends past the end of the file)");
  }
  return h;
}

}  // namespace

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kPng: return "png";
    case Format::kJpeg: return "jpeg";
    case Format::kTiff: return "tiff";
    case Format::kBmp: return "bmp";
    case Format::kPdf: return "pdf";
    case Format::kUnknown: break;
  }
  return "unknown";
}

Format sniff(std::string_view head) {
  using namespace std::string_view_literals;
  if (head.starts_with("\x89PNG\r\n\x1a\n"sv)) return Format::kPng;
  if (head.starts_with("\xFF\xD8\xFF"sv)) return Format::kJpeg;
  if (head.starts_with("II*\0"sv) || head.starts_with("MM\0*"sv) || head.starts_with("II+\0"sv) ||
      head.starts_with("MM\0+"sv))
    return Format::kTiff;
  if (head.starts_with("BM"sv) && head.size() >= 18) {
    // "BM" alone is too weak (plain text may start with it): require a known DIB header size.
    const std::uint32_t dib = le32(head, 14);
    if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) return Format::kBmp;
  }
  // PDF readers accept a few junk bytes before the header; so do we, within the first 1 KiB.
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::kPdf;
  return Format::kUnknown;
}

Result<PageHeader> read_single(Format f, std::string_view bytes) {
  switch (f) {
    case Format::kPng: return read_png(bytes);
    case Format::kJpeg: return read_jpeg(bytes);
    case Format::kBmp: return read_bmp(bytes);
    default: break;
  }
  return Status::Internal("read_single called for " + std::string(format_name(f)));
}

Result<std::vector<PageHeader>> read_tiff_pages(ByteReader& in, int max_pages) {
  const std::string hdr = in.read_at(0, 16);
  if (hdr.size() < 8) return Status::Corruption("TIFF header is truncated");
  const bool little = hdr[0] == 'I';
  const bool big = (little ? le16(hdr, 2) : be16(hdr, 2)) == 43;  // BigTIFF
  const auto u16 = [little](std::string_view s, std::size_t at) { return little ? le16(s, at) : be16(s, at); };
  const auto u32 = [little](std::string_view s, std::size_t at) { return little ? le32(s, at) : be32(s, at); };
  const auto u64 = [&](std::string_view s, std::size_t at) -> std::uint64_t {
    const std::uint64_t a = u32(s, at), b = u32(s, at + 4);
    return little ? (b << 32) | a : (a << 32) | b;
  };
  if (big && hdr.size() < 16) return Status::Corruption("BigTIFF header is truncated");
  std::uint64_t ifd = big ? u64(hdr, 8) : u32(hdr, 4);
  const std::size_t count_size = big ? 8 : 2, entry_size = big ? 20 : 12, next_size = big ? 8 : 4;

  std::vector<PageHeader> pages;
  std::set<std::uint64_t> seen;  // a cyclic IFD chain would otherwise loop forever
  while (ifd != 0) {
    if (static_cast<int>(pages.size()) > max_pages) break;
    if (!seen.insert(ifd).second) return Status::Corruption("TIFF directory chain loops back on itself");
    const std::string cnt = in.read_at(ifd, count_size);
    if (cnt.size() < count_size)
      return Status::Corruption("TIFF is truncated (page " + std::to_string(pages.size() + 1) + " directory is missing)");
    const std::uint64_t n = big ? u64(cnt, 0) : u16(cnt, 0);
    if (n > 4096) return Status::Corruption("TIFF directory declares " + std::to_string(n) + " entries");
    const std::string dir = in.read_at(ifd + count_size, n * entry_size + next_size);
    if (dir.size() < n * entry_size + next_size)
      return Status::Corruption("TIFF is truncated (page " + std::to_string(pages.size() + 1) + " directory is cut short)");
    PageHeader h;
    double xres = 0;
    int unit = 2;  // TIFF default: inch
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string_view e = std::string_view(dir).substr(i * entry_size, entry_size);
      const int tag = u16(e, 0), type = u16(e, 2);
      const std::size_t value_at = big ? 12 : 8;
      const auto scalar = [&]() -> long long {
        if (type == 3) return u16(e, value_at);  // SHORT
        if (type == 4) return u32(e, value_at);  // LONG
        if (type == 16) return static_cast<long long>(u64(e, value_at));  // LONG8
        return 0;
      };
      if (tag == 256) h.width = scalar();
      if (tag == 257) h.height = scalar();
      if (tag == 296) unit = static_cast<int>(scalar());
      if (tag == 282 && type == 5) {  // RATIONAL, stored at an offset (it is 8 bytes)
        const std::uint64_t at = big ? u64(e, value_at) : u32(e, value_at);
        const std::string r = big ? std::string(e.substr(value_at, 8)) : in.read_at(at, 8);
        if (r.size() == 8 && u32(r, 4) != 0) xres = double(u32(r, 0)) / u32(r, 4);
      }
    }
    if (unit == 2) h.dpi = xres;
    if (unit == 3) h.dpi = xres * 2.54;
    pages.push_back(h);
    const std::string_view next = std::string_view(dir).substr(n * entry_size, next_size);
    ifd = big ? u64(next, 0) : u32(next, 0);
  }
  if (pages.empty()) return Status::Corruption("TIFF has no pages");
  return pages;
}

Status check_pixels(const PageHeader& h, long long max_pixels) {
  // Compare in long double: two 32-bit dimensions can overflow a 64-bit product.
  const long double px = static_cast<long double>(h.width) * static_cast<long double>(h.height);
  if (px > static_cast<long double>(max_pixels)) {
    return Status::ResourceLimit("image header declares " + std::to_string(h.width) + " x " + std::to_string(h.height) +
                                 " pixels (limit " + std::to_string(max_pixels / 1'000'000) + " M)");
  }
  return Status::Ok();
}

}  // namespace kamiflow::ocr::image_header
