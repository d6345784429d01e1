#include "engine/batch/reasons.hpp"

#include "engine/base/messages.hpp"
#include "kamiflow/ocr/extractor.hpp"

namespace kamiflow::engine {

std::string clerk_reason(const Status& why) {
  switch (why.code()) {
    case StatusCode::kUnclassified:
      return ui("このページはどの様式とも一致しません: 様式の登録が必要か、読み取り範囲外の書類です",
                "this page matches no registered form: the form needs a template, or the document is out of scope");
    case StatusCode::kRejected:
      // The extractor refuses a page too small to hold any form before reading it (hostile input,
      // issue #13): a clerk needs to hear that, not the alignment sentence.
      if (why.message().find(ocr::kPageTooSmall) != std::string::npos)
        return ui("画像が小さすぎて書類として読めません: 書類全体を 200〜300dpi でスキャンし直してください",
                  "the image is too small to be a scanned form: scan the whole document again at 200-300 dpi");
      return ui("このページを様式に重ね合わせられませんでした: 登録されていない書類か、折れ・傾き・欠けのあるスキャンです。書類を確認し、必要なら再スキャンしてください",
                "this page could not be aligned with its form: it is another document, or the scan is folded, skewed or cut; check it and rescan if needed");
    case StatusCode::kCorruption:
      return ui("ファイルが壊れているか途中で切れています: 元の書類をもう一度スキャンしてください",
                "the file is damaged or cut short: scan the document again");
    case StatusCode::kUnsupported:
      return ui("この種類のファイルは読めません（暗号化PDF・画像以外のファイルなど）: PNG・TIFF・PDF で保存し直してください",
                "this kind of file cannot be read (encrypted PDF, not an image, …): save it again as PNG, TIFF or PDF");
    case StatusCode::kResourceLimit:
      return ui("画像が大きすぎるか、ページ数が多すぎます: 300dpi 程度で、書類ごとに分けてスキャンしてください",
                "the image is too large or has too many pages: scan at about 300 dpi, one document per file");
    case StatusCode::kTimeout:
      return ui("このページの処理が制限時間内に終わりませんでした: 再スキャンし、続く場合は担当者に連絡してください",
                "reading this page took longer than allowed: rescan it, and tell the administrator if it happens again");
    case StatusCode::kIOError:
    case StatusCode::kNotFound:
    case StatusCode::kPermissionDenied:
      return ui("ファイルを読み込めませんでした: ファイルの場所と読み取り権限を確認してください",
                "the file could not be read: check where it is and that it may be read");
    case StatusCode::kInvalidInput:
      return ui("このファイルは読み取りに使えません: 空のファイルや画像でないファイルでないか確認してください",
                "this file cannot be used: check that it is not empty and is an image");
    default:
      return ui("このページを処理できませんでした: 担当者に連絡してください（詳細はログにあります）",
                "this page could not be processed: tell the administrator (details are in the log)");
  }
}

}  // namespace kamiflow::engine
