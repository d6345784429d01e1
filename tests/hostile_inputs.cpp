#include "hostile_inputs.hpp"

#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace kamiflow::hostile {
namespace {

std::string encode(const std::string& ext, int width, int height, int value) {
  const cv::Mat img(height, width, CV_8UC1, cv::Scalar(value));
  std::vector<uchar> out;
  cv::imencode(ext, img, out);
  return std::string(out.begin(), out.end());
}

void put_be32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xFF));
}
void put_le(std::string& s, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t crc32(std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void png_chunk(std::string& out, const std::string& type, const std::string& data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  out += type + data;
  put_be32(out, crc32(type + data));
}

// A zlib stream of stored (uncompressed) deflate blocks: enough for a valid PNG, no zlib needed.
std::string zlib_stored(const std::string& raw) {
  std::string z = "\x78\x01";
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
    z.push_back(pos + n == raw.size() ? 1 : 0);
    put_le(z, static_cast<std::uint32_t>(n), 2);
    put_le(z, static_cast<std::uint32_t>(~n & 0xFFFF), 2);
    z.append(raw, pos, n);
    pos += n;
  } while (pos < raw.size());
  put_be32(z, (b << 16) | a);
  return z;
}

// Assembles numbered objects into a PDF with a correct cross-reference table.
std::string pdf_from_objects(const std::vector<std::string>& objects) {
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string stream(const std::string& dict, const std::string& data) {
  return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

}  // namespace

// Written by hand: OpenCV's encoders refuse a side over 65,500 pixels, and 1 x 100000 is one
// of the cases.
std::string png(int width, int height) {
  std::string out = "\x89PNG\r\n\x1a\n", ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(width));
  put_be32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey, deflate, no filter, no interlace
  png_chunk(out, "IHDR", ihdr);
  std::string raw;
  for (int y = 0; y < height; ++y) raw += '\0' + std::string(static_cast<std::size_t>(width), '\xFF');
  png_chunk(out, "IDAT", zlib_stored(raw));
  png_chunk(out, "IEND", "");
  return out;
}

std::string bmp(int width, int height) {
  const std::uint32_t row = (static_cast<std::uint32_t>(width) * 3 + 3) & ~3u;
  const std::uint32_t pixels = row * static_cast<std::uint32_t>(height);
  std::string out = "BM";
  put_le(out, 54 + pixels, 4);
  put_le(out, 0, 4);
  put_le(out, 54, 4);
  put_le(out, 40, 4);  // BITMAPINFOHEADER
  put_le(out, static_cast<std::uint32_t>(width), 4);
  put_le(out, static_cast<std::uint32_t>(height), 4);
  put_le(out, 1, 2);
  put_le(out, 24, 2);
  for (int i = 0; i < 6; ++i) put_le(out, i == 1 ? pixels : (i == 2 || i == 3 ? 2835 : 0), 4);
  out.append(pixels, '\xC8');
  return out;
}
std::string jpeg(int width, int height) { return encode(".jpg", width, height, 200); }
std::string tiff(int width, int height) { return encode(".tiff", width, height, 200); }

std::string png_with_raw_chunk_type() {
  std::string s = png(1, 1).substr(0, 33);  // signature + IHDR chunk (length, type, 13 bytes, CRC)
  put_be32(s, 100);                          // a chunk claiming 100 bytes...
  s += "\xFF\xFE\x80\xC3";                   // ...whose type is not ASCII (nor valid UTF-8)
  s += std::string(51 - s.size(), '\0');     // ...in a file that ends long before them
  return s;
}

std::string pdf_simple(double width_pt, double height_pt) {
  char box[64];
  std::snprintf(box, sizeof box, "[0 0 %g %g]", width_pt, height_pt);
  return pdf_from_objects({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      std::string("<< /Type /Page /Parent 2 0 R /MediaBox ") + box + " /Contents 4 0 R /Resources << >> >>",
      stream("", "0 0 0 rg 10 10 50 50 re f"),
  });
}

std::string pdf_nested_forms(int levels) {
  // Objects: 1 catalog, 2 pages, 3 page, 4 page content, then X0..X(levels-1) as 5.. .
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /XObject << /X0 5 0 R >> >> >>",
      stream("", "/X0 Do"),
  };
  for (int i = 0; i < levels; ++i) {
    const bool last = i + 1 == levels;
    const std::string next = "/X" + std::to_string(i + 1);
    const std::string resources =
        last ? "<< >>" : "<< /XObject << " + next + " " + std::to_string(6 + i) + " 0 R >> >>";
    const std::string content = last ? "0 0 0 rg 10 10 50 50 re f" : next + " Do " + next + " Do";
    objects.push_back(stream("/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources " + resources, content));
  }
  return pdf_from_objects(objects);
}

std::string deep_json(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

}  // namespace kamiflow::hostile
