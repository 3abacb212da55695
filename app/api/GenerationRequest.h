#pragma once

#include "api/ImageSource.h"
#include "api/Pricing.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

// The shapes the service renders in text-to-video and reference-to-video.
enum class AspectRatio
{
    R16x9,
    R9x16,
    R1x1,
    R4x3,
    R3x4
};

// "16:9", "9:16", "1:1", "4:3", "3:4", and back (spaces ignored; false when the text is none of them).
QString aspectRatioName(AspectRatio aspect);
bool parseAspectRatio(const QString &text, AspectRatio *aspect);
QList<AspectRatio> allAspectRatios();

// One thing wrong (or worth knowing) about a request, tied to the form field that shows it.
struct RequestProblem final
{
    enum class Field
    {
        Prompt,
        NegativePrompt,
        Resolution,
        Duration,
        AspectRatio,
        Seed,
        FirstFrame,
        References,
        Mode
    };
    // An error keeps the request from being sent; a warning is shown but sending is allowed.
    enum class Severity
    {
        Error,
        Warning
    };

    Field field = Field::Prompt;
    int index = -1; // the reference slot (an index into GenerationRequest::references), -1 otherwise
    Severity severity = Severity::Error;
    QString message; // plain words, with what to do next

    bool isError() const { return severity == Severity::Error; }
    // "Prompt", "First frame", "Reference image 3" (index + 1): to say where a problem is in a list of them.
    QString fieldLabel() const;
    friend bool operator==(const RequestProblem &, const RequestProblem &) = default;
};

// Everything the user asked for in one generation, as a value: validated, priced and turned into the submit
// body here, so that the form, the queue and the library agree on one set of rules.
struct GenerationRequest final
{
    // What the service will do, decided by which images are sent (the body has no mode flag).
    enum class Mode
    {
        TextToVideo,
        ImageToVideo,
        ReferenceToVideo
    };
    // Only consulted when both a first frame and references are filled in.
    enum class ModeChoice
    {
        Auto,
        ImageToVideo,
        ReferenceToVideo
    };

    static constexpr int kMinDurationSeconds = 3;
    static constexpr int kMaxDurationSeconds = 15;
    static constexpr int kMaxReferences = 9;
    static constexpr int kMaxPromptCharacters = 5000;
    static constexpr int kMaxChinesePromptCharacters = 2500;
    static constexpr qint64 kMaxSeed = 2147483647;
    // Data URIs in one body stay under this, keeping the body well under the service's 64 MB.
    static constexpr qint64 kMaxImageTextBytes = 48LL * 1000 * 1000;

    QString prompt;
    QString negativePrompt;
    Pricing::Resolution resolution = Pricing::Resolution::P720;
    int durationSeconds = 5;
    AspectRatio aspect = AspectRatio::R16x9;
    bool promptExtend = false;
    bool watermark = false;
    std::optional<qint64> seed; // unset: the service picks one at random
    ImageSource firstFrame;
    QList<ImageSource> references; // in the order the prompt's [Image 1], [Image 2]… refer to; empty slots skipped
    ModeChoice modeChoice = ModeChoice::Auto;

    // std::nullopt when both a first frame and references are filled and no choice was made.
    std::optional<Mode> mode() const;
    static QString modeName(Mode value); // "Text → video", "Image → video", "Reference → video"
    // Stable names for settings and storage: "auto", "image-to-video", "reference-to-video" (Auto when unknown).
    static QString modeChoiceKey(ModeChoice choice);
    static ModeChoice modeChoiceFromKey(const QString &key);

    // The references that are filled in, with their slot indexes.
    QList<int> filledReferenceIndexes() const;
    bool hasReferences() const { return !filledReferenceIndexes().isEmpty(); }

    // Every problem at once, in form order. Reads image headers from disk (never whole images), so call it off
    // the GUI thread when files are involved.
    QList<RequestProblem> validate() const;
    bool isSendable() const;

    // The submit body with only the active mode's fields; local files become data URIs (re-encoded when needed
    // to fit). Deterministic for the same inputs and files. On failure: an empty object and *error set.
    // Slow with large images: call it off the GUI thread.
    QJsonObject toJson(QString *error = nullptr) const;

    // count takes of these settings, to be sent as separate (separately billed) jobs. With a seed, take i
    // uses seed + i so that the takes differ yet can each be reproduced; without one each take is random.
    QList<GenerationRequest> takes(int count) const;

    qint64 costCents() const;
    QString costLine() const; // "5 s at 720P — $0.70"

    friend bool operator==(const GenerationRequest &, const GenerationRequest &) = default;
};
