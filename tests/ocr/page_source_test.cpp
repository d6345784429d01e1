// PageSource: every format round-trips, every rejection path names the file and the reason, and
// reading never changes the input's bytes. Images are generated here, small, with OpenCV/Leptonica.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kamiflow/ocr/page_source.hpp"
#include "page_image_access.hpp"
#include "sha256.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

using kamiflow::testing::read_file;
using kamiflow::testing::TempDir;
using kamiflow::testing::write_file;

cv::Mat test_page(int w, int h, int type = CV_8UC1) {
  cv::Mat m(h, w, type, cv::Scalar::all(255));
  cv::rectangle(m, {w / 10, h / 10, w / 3, h / 5}, cv::Scalar(0, 0, 200), cv::FILLED);
  cv::line(m, {0, h - 5}, {w - 1, h / 2}, cv::Scalar::all(0), 3);
  cv::putText(m, "kamiflow", {w / 4, h * 3 / 4}, cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(40, 40, 40), 2);
  return m;
}

const cv::Mat& mat_of(const PageImage& p) { return PageImageAccess::mat(p); }

double max_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return 1e9;
  double mx = 0;
  cv::Mat d;
  cv::absdiff(a, b, d);
  cv::minMaxLoc(d.reshape(1), nullptr, &mx);
  return mx;
}

Result<PageImage> read_only_page(const std::string& path) {
  KF_ASSIGN_OR_RETURN(auto src, PageSource::open(path));
  if (src->page_count() != 1) return Status::Internal("expected one page");
  return src->page(0);
}

// PNG chunk CRC (ISO 3309 / ITU-T V.42 polynomial), for hand-built chunks.
std::uint32_t crc32(std::string_view s) {
  std::uint32_t c = 0xffffffffu;
  for (unsigned char ch : s) {
    c ^= ch;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}
std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}
std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

TEST(Sha256, StandardVectors) {
  const auto hex = [](std::string_view s) { Sha256 h; h.update(s); return h.finish_hex(); };
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Fed in uneven pieces across block boundaries: the same digest as in one piece.
  const std::string million(1'000'000, 'a');
  Sha256 pieces;
  for (std::size_t i = 0; i < million.size(); i += 997) pieces.update(std::string_view(million).substr(i, 997));
  EXPECT_EQ(pieces.finish_hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileDigestMatchesInMemoryDigest) {
  TempDir dir;
  write_file(dir / "abc.txt", "abc");
  EXPECT_EQ(sha256_file((dir / "abc.txt").string()).value(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  write_file(dir / "empty", "");
  EXPECT_EQ(sha256_file((dir / "empty").string()).value(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_file((dir / "missing").string()).status().code(), StatusCode::kNotFound);
}

TEST(PageSource, LosslessFormatsRoundTripExactly) {
  TempDir dir;
  const cv::Mat grey = test_page(300, 420);
  const cv::Mat colour = test_page(300, 420, CV_8UC3);
  for (const std::string ext : {"png", "bmp", "tif"}) {
    for (const cv::Mat& m : {grey, colour}) {
      // A misleading extension on purpose: content decides, not the name.
      const std::string path = (dir / ("page." + ext)).string();
      ASSERT_TRUE(cv::imwrite(path, m));
      std::filesystem::rename(path, dir / "page.dat");
      auto src = PageSource::open((dir / "page.dat").string());
      ASSERT_TRUE(src.ok()) << src.status().ToString();
      EXPECT_EQ((*src)->format(), ext == "tif" ? "tiff" : ext);
      ASSERT_EQ((*src)->page_count(), 1);
      auto page = (*src)->page(0);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_EQ(page->channels(), m.channels()) << ext;
      EXPECT_EQ(max_abs_diff(mat_of(*page), m), 0) << ext << " channels " << m.channels();
    }
  }
}

TEST(PageSource, JpegRoundTripsWithinCompressionError) {
  TempDir dir;
  const cv::Mat colour = test_page(320, 400, CV_8UC3);
  const std::string path = (dir / "scan.jpg").string();
  ASSERT_TRUE(cv::imwrite(path, colour, {cv::IMWRITE_JPEG_QUALITY, 95}));
  auto page = read_only_page(path);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->width(), 320);
  EXPECT_EQ(page->channels(), 3);
  EXPECT_LT(cv::norm(mat_of(*page), colour, cv::NORM_L1) / colour.total() / 3, 3.0);
}

TEST(PageSource, SixteenBitAndAlphaBecomeEightBitOnWhite) {
  TempDir dir;
  cv::Mat deep(50, 60, CV_16UC1, cv::Scalar(65535));
  deep(cv::Rect(0, 0, 10, 10)).setTo(0);
  ASSERT_TRUE(cv::imwrite((dir / "deep.png").string(), deep));
  auto p16 = read_only_page((dir / "deep.png").string());
  ASSERT_TRUE(p16.ok()) << p16.status().ToString();
  EXPECT_EQ(mat_of(*p16).type(), CV_8UC1);
  EXPECT_EQ(mat_of(*p16).at<std::uint8_t>(20, 20), 255);
  EXPECT_EQ(mat_of(*p16).at<std::uint8_t>(5, 5), 0);

  cv::Mat rgba(50, 60, CV_8UC4, cv::Scalar(0, 0, 0, 0));          // fully transparent black
  rgba(cv::Rect(0, 0, 10, 10)).setTo(cv::Scalar(0, 0, 255, 255));  // opaque red
  ASSERT_TRUE(cv::imwrite((dir / "alpha.png").string(), rgba));
  auto pa = read_only_page((dir / "alpha.png").string());
  ASSERT_TRUE(pa.ok()) << pa.status().ToString();
  EXPECT_EQ(mat_of(*pa).type(), CV_8UC3);
  EXPECT_EQ(mat_of(*pa).at<cv::Vec3b>(20, 20), cv::Vec3b(255, 255, 255));  // paper, not black
  EXPECT_EQ(mat_of(*pa).at<cv::Vec3b>(5, 5), cv::Vec3b(0, 0, 255));
}

TEST(PageSource, PngDpiComesFromPhysChunk) {
  TempDir dir;
  std::vector<std::uint8_t> buf;
  ASSERT_TRUE(cv::imencode(".png", test_page(100, 80), buf));
  std::string png(buf.begin(), buf.end());
  // 11811 pixels per metre = 300 dpi; pHYs must come before IDAT, i.e. right after IHDR.
  const std::string phys = png_chunk("pHYs", be32(11811) + be32(11811) + std::string(1, '\1'));
  png.insert(8 + 25, phys);
  write_file(dir / "dpi.png", png);
  auto page = read_only_page((dir / "dpi.png").string());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_NEAR(page->dpi(), 300, 0.1);
  // Without pHYs the resolution is unknown: 0, not a guess.
  write_file(dir / "nodpi.png", std::string(buf.begin(), buf.end()));
  EXPECT_EQ(read_only_page((dir / "nodpi.png").string())->dpi(), 0);
}

TEST(PageSource, JpegDpiComesFromJfifDensity) {
  TempDir dir;
  std::vector<std::uint8_t> buf;
  ASSERT_TRUE(cv::imencode(".jpg", test_page(100, 80), buf));
  std::string jpg(buf.begin(), buf.end());
  ASSERT_EQ(jpg.substr(6, 5), std::string("JFIF\0", 5));
  jpg[13] = 1;                            // density unit: dots per inch
  jpg[14] = 0; jpg[15] = char(200);       // X density 200
  jpg[16] = 0; jpg[17] = char(200);
  write_file(dir / "fax.jpg", jpg);
  auto page = read_only_page((dir / "fax.jpg").string());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->dpi(), 200);
}

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// A 1-bpp page with a black square whose position encodes the page number.
PixPtr bilevel_page(int page_no) {
  PixPtr pix(pixCreate(400, 560, 1));
  pixSetResolution(pix.get(), 200, 200);
  pixRasterop(pix.get(), 40 + 60 * page_no, 50, 40, 40, PIX_SET, nullptr, 0, 0);
  return pix;
}

TEST(PageSource, MultiPageG4TiffDecodesEachPage) {
  TempDir dir;
  const std::string path = (dir / "fax.tif").string();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(pixWriteTiff(path.c_str(), bilevel_page(i).get(), IFF_TIFF_G4, i == 0 ? "w" : "a"), 0);
  }
  const std::string before = read_file(path);
  auto src = PageSource::open(path);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ((*src)->format(), "tiff");
  ASSERT_EQ((*src)->page_count(), 3);
  for (int i = 2; i >= 0; --i) {  // any order: pages are independent
    auto page = (*src)->page(i);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    const cv::Mat& m = mat_of(*page);
    EXPECT_EQ(m.type(), CV_8UC1);
    EXPECT_EQ(m.size(), cv::Size(400, 560));
    EXPECT_EQ(page->dpi(), 200);
    EXPECT_EQ(m.at<std::uint8_t>(70, 60 + 60 * i), 0) << "ink of page " << i + 1;
    EXPECT_EQ(m.at<std::uint8_t>(300, 200), 255) << "paper of page " << i + 1;
  }
  auto beyond = (*src)->page(3);
  EXPECT_EQ(beyond.status().code(), StatusCode::kInvalidInput);

  PageSourceLimits two_pages;
  two_pages.max_pages = 2;
  EXPECT_EQ(PageSource::open(path, two_pages).status().code(), StatusCode::kResourceLimit);
  PageSourceLimits tiny_files;
  tiny_files.max_file_bytes = 100;
  EXPECT_EQ(PageSource::open(path, tiny_files).status().code(), StatusCode::kResourceLimit);
  EXPECT_EQ(read_file(path), before) << "reading must not modify the input";
}

// A minimal little-endian TIFF whose single IFD declares w x h (no pixel data needed: the size
// check must refuse it before any decoding).
std::string tiff_header_only(std::uint32_t w, std::uint32_t h) {
  const auto le16 = [](std::uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  const auto le32 = [](std::uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  std::string t = "II*" + std::string(1, '\0') + le32(8) + le16(2);
  t += le16(256) + le16(4) + le32(1) + le32(w);
  t += le16(257) + le16(4) + le32(1) + le32(h);
  t += le32(0);
  return t;
}

TEST(PageSource, PdfPagesRenderAtPdfDpi) {
  TempDir dir;
  const std::string path = (dir / "two.pdf").string();
  PIXA* pixa = pixaCreate(2);
  for (int i = 0; i < 2; ++i) {
    PixPtr p8(pixConvertTo8(bilevel_page(i).get(), 0));
    pixaAddPix(pixa, p8.get(), L_COPY);
  }
  ASSERT_EQ(pixaConvertToPdf(pixa, 100, 1.0, L_FLATE_ENCODE, 0, "test", path.c_str()), 0);
  pixaDestroy(&pixa);
  const std::string before = read_file(path);

  PageSourceLimits limits;
  limits.pdf_dpi = 100;  // the images were placed at 100 ppi: one image pixel per rendered pixel
  auto src = PageSource::open(path, limits);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ((*src)->format(), "pdf");
  ASSERT_EQ((*src)->page_count(), 2);
  for (int i = 0; i < 2; ++i) {
    auto page = (*src)->page(i);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_NEAR(page->width(), 400, 1);
    EXPECT_NEAR(page->height(), 560, 1);
    EXPECT_EQ(page->dpi(), 100);
    cv::Mat grey;
    cv::cvtColor(mat_of(*page), grey, cv::COLOR_BGR2GRAY);
    EXPECT_LT(grey.at<std::uint8_t>(70, 60 + 60 * i), 60) << "ink of page " << i + 1;
    EXPECT_GT(grey.at<std::uint8_t>(300, 200), 200) << "paper of page " << i + 1;
  }
  EXPECT_EQ(read_file(path), before);

  // A page that would render beyond max_pixels is refused before rendering.
  limits.pdf_dpi = 100;
  limits.max_pixels = 100'000;
  auto small = PageSource::open(path, limits);
  ASSERT_TRUE(small.ok());
  auto refused = (*small)->page(1);
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceLimit);
  EXPECT_NE(refused.status().message().find("page 2"), std::string::npos) << refused.status().message();
}

// A PDF whose /Encrypt dictionary's /U entry matches no password: poppler must report it locked.
std::string encrypted_pdf() {
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  const std::string hex32(64, 'A');
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
      "<< /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 + "> /P -44 >>"};
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 5\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> "
         "<00112233445566778899AABBCCDDEEFF>] >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Each rejection: the right code, the file's path in the message, and a reason a clerk can act on.
void expect_rejected(const std::string& path, StatusCode code, const std::string& reason) {
  const std::string before = read_file(path);
  auto src = PageSource::open(path);
  Status st = src.ok() ? (*src)->page(0).status() : src.status();
  EXPECT_EQ(st.code(), code) << st.ToString();
  EXPECT_NE(st.message().find(path), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find(reason), std::string::npos) << st.ToString();
  EXPECT_EQ(read_file(path), before);
}

TEST(PageSource, RejectsBadFilesWithReasons) {
  TempDir dir;
  std::vector<std::uint8_t> png, jpg;
  ASSERT_TRUE(cv::imencode(".png", test_page(300, 400, CV_8UC3), png));
  ASSERT_TRUE(cv::imencode(".jpg", test_page(300, 400, CV_8UC3), jpg));

  write_file(dir / "empty.png", "");
  expect_rejected((dir / "empty.png").string(), StatusCode::kCorruption, "empty (0 bytes)");

  write_file(dir / "half.png", std::string(png.begin(), png.begin() + png.size() / 2));
  expect_rejected((dir / "half.png").string(), StatusCode::kCorruption, "PNG is truncated");

  write_file(dir / "half.jpg", std::string(jpg.begin(), jpg.begin() + jpg.size() / 2));
  expect_rejected((dir / "half.jpg").string(), StatusCode::kCorruption, "JPEG is truncated");

  write_file(dir / "notes.png", "hello, this is a text file and not an image at all\n");
  expect_rejected((dir / "notes.png").string(), StatusCode::kUnsupported, "not a supported image or PDF");

  // A bomb: valid structure, 100000 x 100000 declared; refused before decoding.
  const std::string ihdr = be32(100000) + be32(100000) + std::string{8, 0, 0, 0, 0};
  write_file(dir / "bomb.png", "\x89PNG\r\n\x1a\n" + png_chunk("IHDR", ihdr) + png_chunk("IEND", ""));
  expect_rejected((dir / "bomb.png").string(), StatusCode::kResourceLimit,
                  "page 1: image header declares 100000 x 100000 pixels (limit 120 M)");

  write_file(dir / "bomb.tif", tiff_header_only(100000, 100000));
  expect_rejected((dir / "bomb.tif").string(), StatusCode::kResourceLimit,
                  "page 1: image header declares 100000 x 100000 pixels (limit 120 M)");

  write_file(dir / "locked.pdf", encrypted_pdf());
  expect_rejected((dir / "locked.pdf").string(), StatusCode::kUnsupported, "encrypted PDF");

  write_file(dir / "broken.pdf", "%PDF-1.4\nthis is not really a pdf\n");
  expect_rejected((dir / "broken.pdf").string(), StatusCode::kCorruption, "PDF");

  EXPECT_EQ(PageSource::open((dir / "missing.png").string()).status().code(), StatusCode::kNotFound);
}

// Standard-resolution fax: 204 x 98 dpi. The page comes out with square pixels at 204 dpi, so a
// square drawn on paper stays square.
TEST(PageSource, FaxStandardResolutionBecomesSquarePixels) {
  TempDir dir;
  const std::string path = (dir / "fax.tif").string();
  PixPtr pix(pixCreate(408, 196, 1));  // 2 x 2 inches of paper
  pixSetResolution(pix.get(), 204, 98);
  pixRasterop(pix.get(), 102, 49, 102, 49, PIX_SET, nullptr, 0, 0);  // a half-inch square on paper
  ASSERT_EQ(pixWriteTiff(path.c_str(), pix.get(), IFF_TIFF_G3, "w"), 0);
  auto src = PageSource::open(path);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  auto page = (*src)->page(0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const cv::Mat& m = mat_of(*page);
  EXPECT_EQ(page->dpi(), 204);
  EXPECT_EQ(m.cols, 408);
  EXPECT_NEAR(m.rows, 408, 1);
  const cv::Rect box = cv::boundingRect(cv::Mat(m < 128));
  EXPECT_NEAR(box.width, 102, 2);
  EXPECT_NEAR(box.height, 102, 3) << "the square is square again";
}

TEST(PageSource, TruncatedMultiPageTiffIsRefusedNotMisread) {
  TempDir dir;
  const std::string path = (dir / "fax.tif").string();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(pixWriteTiff(path.c_str(), bilevel_page(i).get(), IFF_TIFF_G4, i == 0 ? "w" : "a"), 0);
  }
  const std::string whole = read_file(path);
  write_file(dir / "cut.tif", whole.substr(0, whole.size() / 2));
  const std::string cut = (dir / "cut.tif").string();
  auto src = PageSource::open(cut);
  if (src.ok()) {
    // The directory chain survived the cut: then some page must fail to decode, naming itself.
    bool any_failed = false;
    for (int i = 0; i < (*src)->page_count(); ++i) {
      auto p = (*src)->page(i);
      if (!p.ok()) {
        any_failed = true;
        EXPECT_NE(p.status().message().find(cut + ": page " + std::to_string(i + 1)), std::string::npos);
      }
    }
    EXPECT_TRUE(any_failed || (*src)->page_count() < 3);
  } else {
    EXPECT_NE(src.status().message().find(cut), std::string::npos);
  }
}

TEST(DecodeImageBytes, DecodesAndRefuses) {
  std::vector<std::uint8_t> png;
  const cv::Mat m = test_page(120, 90);
  ASSERT_TRUE(cv::imencode(".png", m, png));
  auto page = decode_image_bytes(std::string(png.begin(), png.end()), 150);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->dpi(), 150);
  EXPECT_EQ(max_abs_diff(mat_of(*page), m), 0);

  std::vector<std::uint8_t> tif;
  ASSERT_TRUE(cv::imencode(".tif", m, tif));
  auto tpage = decode_image_bytes(std::string(tif.begin(), tif.end()));
  ASSERT_TRUE(tpage.ok()) << tpage.status().ToString();
  EXPECT_EQ(max_abs_diff(mat_of(*tpage), m), 0);

  EXPECT_EQ(decode_image_bytes("").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(decode_image_bytes("plain text").status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(decode_image_bytes(tiff_header_only(100000, 100000)).status().code(), StatusCode::kResourceLimit);
}

}  // namespace
}  // namespace kamiflow::ocr
