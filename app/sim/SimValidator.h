#pragma once

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>

#include <optional>

// One image of a submitted job, as the service sees it.
struct SimImage
{
    QString url;        // an http(s) URL (not fetched by the simulator), or empty for a data URI
    QByteArray bytes;   // the decoded bytes of a data URI
    QSize size;         // as stored, or after EXIF orientation when the simulator honours it; invalid for a URL
};

// A submit body that passed every rule of the contract: what the simulator will run.
struct SimJobRequest
{
    enum class Mode { TextToVideo, ImageToVideo, ReferenceToVideo };

    Mode mode = Mode::TextToVideo;
    QString prompt;            // truncated to the service's limit, as the service does
    bool promptTruncated = false;
    QString negativePrompt;
    bool is1080 = false;
    int durationSeconds = 5;
    QString aspectRatio;       // as sent, or the default; ignored (empty) in image to video
    bool promptExtend = false;
    bool watermark = false;
    std::optional<qint64> seed;
    QList<SimImage> images;    // the first frame, or the references in order
    QSize outputSize;          // what the clip will measure

    qint64 costCents() const { return qint64(durationSeconds) * (is1080 ? 18 : 14); }
    QString modeName() const;  // "text-to-video", "image-to-video", "reference-to-video"
    QString modeLabel() const; // "Text to video", …
};

// What the service answers a submit body with: either a runnable request, or an HTTP status and the
// service's kind of message ({"error": "..."}). 400 is for a malformed body or a missing field,
// 406 for a value the service rejects [chosen].
struct SimValidation
{
    int httpStatus = 200;
    QString error;
    SimJobRequest request;

    bool ok() const { return httpStatus == 200; }
};

// The service's side of the request rules, written independently of Paddock's own client-side checks
// so that each can catch the other's mistakes.
namespace SimValidator {

constexpr int kMaxPromptCharacters = 5000;
constexpr int kMaxChinesePromptCharacters = 2500;
constexpr qint64 kMaxImageBytes = 20LL * 1000 * 1000;
constexpr int kMinFirstFrameSide = 300;
constexpr int kMinReferenceShortSide = 400;
constexpr double kMaxFirstFrameAspect = 2.5;
constexpr int kMaxReferences = 9;

// Sizes are measured as the pixels are stored unless honourExif, which applies the EXIF orientation first.
SimValidation validate(const QByteArray &body, bool honourExif = false);

// The size of a clip: the short side is 720 or 1080, the long side follows the aspect, both even.
QSize outputSizeFor(bool is1080, const QString &aspectRatio);
QSize outputSizeForImage(bool is1080, QSize imageSize);

} // namespace SimValidator
