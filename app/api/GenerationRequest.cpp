#include "api/GenerationRequest.h"

#include "api/PromptLength.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct AspectName
{
    AspectRatio aspect;
    const char16_t *name;
};

constexpr AspectName kAspectNames[] = {
    {AspectRatio::R16x9, u"16:9"}, {AspectRatio::R9x16, u"9:16"}, {AspectRatio::R1x1, u"1:1"},
    {AspectRatio::R4x3, u"4:3"},   {AspectRatio::R3x4, u"3:4"},
};

QStringList imageProblems(const ImageSource &source, ImageRole role)
{
    switch (source.kind) {
    case ImageSource::Kind::LocalFile:
        return inspectImage(source.path, role).problems;
    case ImageSource::Kind::Url:
        if (const QString problem = urlProblem(source.url); !problem.isEmpty())
            return {problem};
        return {};
    case ImageSource::Kind::None:
        break;
    }
    return {};
}

RequestProblem problem(RequestProblem::Field field, const QString &message,
                       RequestProblem::Severity severity = RequestProblem::Severity::Error, int index = -1)
{
    RequestProblem p;
    p.field = field;
    p.index = index;
    p.severity = severity;
    p.message = message;
    return p;
}

} // namespace

QString aspectRatioName(AspectRatio aspect)
{
    for (const AspectName &entry : kAspectNames) {
        if (entry.aspect == aspect)
            return QString::fromUtf16(entry.name);
    }
    return u"16:9"_s;
}

bool parseAspectRatio(const QString &text, AspectRatio *aspect)
{
    QString normalized = text;
    normalized.remove(u' ');
    for (const AspectName &entry : kAspectNames) {
        if (normalized == QStringView(entry.name)) {
            *aspect = entry.aspect;
            return true;
        }
    }
    return false;
}

QList<AspectRatio> allAspectRatios()
{
    QList<AspectRatio> list;
    for (const AspectName &entry : kAspectNames)
        list << entry.aspect;
    return list;
}

QString RequestProblem::fieldLabel() const
{
    switch (field) {
    case Field::Prompt:
        return u"Prompt"_s;
    case Field::NegativePrompt:
        return u"Negative prompt"_s;
    case Field::Resolution:
        return u"Resolution"_s;
    case Field::Duration:
        return u"Duration"_s;
    case Field::AspectRatio:
        return u"Aspect ratio"_s;
    case Field::Seed:
        return u"Seed"_s;
    case Field::FirstFrame:
        return u"First frame"_s;
    case Field::References:
        return index >= 0 ? u"Reference image %1"_s.arg(index + 1) : u"Reference images"_s;
    case Field::Mode:
        return u"Mode"_s;
    }
    return {};
}

std::optional<GenerationRequest::Mode> GenerationRequest::mode() const
{
    const bool hasFirstFrame = !firstFrame.isEmpty();
    const bool anyReference = hasReferences();
    if (hasFirstFrame && anyReference) {
        switch (modeChoice) {
        case ModeChoice::ImageToVideo:
            return Mode::ImageToVideo;
        case ModeChoice::ReferenceToVideo:
            return Mode::ReferenceToVideo;
        case ModeChoice::Auto:
            break;
        }
        // A stray image field silently switches the service's mode, so Paddock never guesses.
        return std::nullopt;
    }
    if (hasFirstFrame)
        return Mode::ImageToVideo;
    if (anyReference)
        return Mode::ReferenceToVideo;
    return Mode::TextToVideo;
}

QString GenerationRequest::modeName(Mode value)
{
    switch (value) {
    case Mode::TextToVideo:
        return u"Text → video"_s;
    case Mode::ImageToVideo:
        return u"Image → video"_s;
    case Mode::ReferenceToVideo:
        return u"Reference → video"_s;
    }
    return {};
}

QList<int> GenerationRequest::filledReferenceIndexes() const
{
    QList<int> indexes;
    for (int i = 0; i < references.size(); ++i) {
        if (!references.at(i).isEmpty())
            indexes << i;
    }
    return indexes;
}

QList<RequestProblem> GenerationRequest::validate() const
{
    using Field = RequestProblem::Field;
    using Severity = RequestProblem::Severity;
    QList<RequestProblem> problems;

    const QString text = prompt.trimmed();
    if (text.isEmpty()) {
        problems << problem(Field::Prompt, u"Write a prompt: describe what should happen in the video."_s);
    } else {
        const PromptLength length = measurePrompt(text);
        if (length.isOver()) {
            // The service truncates rather than refusing, so this does not block sending.
            const QString which = length.chinese ? u"in Chinese the service reads"_s : u"the service reads"_s;
            problems << problem(Field::Prompt,
                                u"The prompt is %1 characters; %2 only the first %3 and ignores the rest. Shorten "
                                "it to keep every detail."_s.arg(groupThousands(length.characters), which,
                                                                 groupThousands(length.limit)),
                                Severity::Warning);
        }
    }

    if (resolution != Pricing::Resolution::P720 && resolution != Pricing::Resolution::P1080)
        problems << problem(Field::Resolution, u"Choose a resolution: 720P or 1080P."_s);

    if (durationSeconds < kMinDurationSeconds || durationSeconds > kMaxDurationSeconds)
        problems << problem(Field::Duration, u"A clip can last %1 to %2 seconds, not %3. Pick a length in that "
                                             "range."_s.arg(kMinDurationSeconds)
                                                 .arg(kMaxDurationSeconds)
                                                 .arg(durationSeconds));

    const QList<AspectRatio> aspects = allAspectRatios();
    if (!aspects.contains(aspect))
        problems << problem(Field::AspectRatio, u"Choose an aspect ratio: 16:9, 9:16, 1:1, 4:3 or 3:4."_s);

    if (seed && (*seed < 0 || *seed > kMaxSeed))
        problems << problem(Field::Seed, u"The seed must be a whole number from 0 to %1, not %2. Clear it to let the "
                                         "service pick one at random."_s.arg(groupThousands(kMaxSeed), groupThousands(*seed)));

    const std::optional<Mode> active = mode();
    if (!active)
        problems << problem(Field::Mode, u"Choose image-to-video or reference-to-video: this request has both a "
                                         "first frame and reference images, and only one of them can be sent."_s);

    // Only the images that will be sent are checked; when the mode is undecided, both sets are.
    if (!active || *active == Mode::ImageToVideo) {
        for (const QString &message : imageProblems(firstFrame, ImageRole::FirstFrame))
            problems << problem(Field::FirstFrame, message);
    }
    if (!active || *active == Mode::ReferenceToVideo) {
        const QList<int> filled = filledReferenceIndexes();
        if (filled.size() > kMaxReferences) {
            const qsizetype extra = filled.size() - kMaxReferences;
            problems << problem(Field::References,
                                u"There are %1 reference images; at most %2 can be used. Remove %3."_s.arg(
                                    QString::number(filled.size()), QString::number(kMaxReferences),
                                    extra == 1 ? u"one"_s : QString::number(extra)));
        }
        for (int index : filled) {
            for (const QString &message : imageProblems(references.at(index), ImageRole::Reference))
                problems << problem(Field::References, message, Severity::Error, index);
        }
    }
    return problems;
}

bool GenerationRequest::isSendable() const
{
    const QList<RequestProblem> problems = validate();
    return std::none_of(problems.cbegin(), problems.cend(), [](const RequestProblem &p) { return p.isError(); });
}

QJsonObject GenerationRequest::toJson(QString *error) const
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QJsonObject();
    };

    QStringList errors;
    for (const RequestProblem &p : validate()) {
        if (p.isError())
            errors << p.fieldLabel() + u": "_s + p.message;
    }
    if (!errors.isEmpty())
        return fail(errors.join(u' '));

    const Mode active = *mode();                   // validate() refuses an undecided mode
    QList<std::pair<ImageSource, QString>> images; // the source and its label for messages
    if (active == Mode::ImageToVideo) {
        images.append({firstFrame, u"First frame"_s});
    } else if (active == Mode::ReferenceToVideo) {
        for (int index : filledReferenceIndexes())
            images.append({references.at(index), u"Reference image %1"_s.arg(index + 1)});
    }

    // The local images share the body so that together they keep it well under 64 MB: equal shares, except that an
    // image sent as it is and smaller than its share needs only its own size, which leaves more to the others.
    const ImageRole role = active == Mode::ImageToVideo ? ImageRole::FirstFrame : ImageRole::Reference;
    QList<qint64> needs; // the image bytes each local image needs when sent as it is; -1: as much as it can get
    for (const auto &entry : std::as_const(images)) {
        if (!entry.first.isLocalFile())
            continue;
        const ImageInspection inspection = inspectImage(entry.first.path, role);
        needs.append(inspection.canBeSentAsItIs(ImageRules::kMaxFileBytes) ? inspection.fileBytes : -1);
    }
    const QList<qint64> budgets = shareImageBudget(needs, kMaxImageTextBytes);

    QJsonArray encoded;
    qsizetype local = 0;
    for (const auto &[source, label] : std::as_const(images)) {
        if (source.isUrl()) {
            encoded.append(source.url.toString(QUrl::FullyEncoded));
            continue;
        }
        const EncodedImage image = encodeForUpload(source.path, role, budgets.at(local++));
        if (!image.ok())
            return fail(label + u": "_s + image.error);
        encoded.append(image.dataUri);
    }

    QJsonObject body;
    body.insert(u"prompt"_s, prompt.trimmed());
    if (const QString negative = negativePrompt.trimmed(); !negative.isEmpty())
        body.insert(u"negative_prompt"_s, negative);
    body.insert(u"resolution"_s, Pricing::resolutionName(resolution));
    body.insert(u"duration"_s, durationSeconds);
    // In image-to-video the first frame sets the shape; sending a ratio there would only mislead.
    if (active != Mode::ImageToVideo)
        body.insert(u"aspect_ratio"_s, aspectRatioName(aspect));
    body.insert(u"prompt_extend"_s, promptExtend);
    body.insert(u"watermark"_s, watermark);
    if (seed)
        body.insert(u"seed"_s, *seed);
    if (active == Mode::ImageToVideo)
        body.insert(u"image"_s, encoded.first());
    else if (active == Mode::ReferenceToVideo)
        body.insert(u"reference_images"_s, encoded);
    if (error)
        error->clear();
    return body;
}

qint64 GenerationRequest::costCents() const
{
    return Pricing::costCents(resolution, qMax(0, durationSeconds));
}

QString GenerationRequest::costLine() const
{
    return u"%1 s at %2 — %3"_s.arg(QString::number(durationSeconds), Pricing::resolutionName(resolution),
                                    Pricing::formatCents(costCents()));
}

QList<GenerationRequest> GenerationRequest::takes(int count) const
{
    QList<GenerationRequest> list;
    for (int i = 0; i < count; ++i) {
        GenerationRequest take = *this;
        if (seed)
            take.seed = (*seed + i) % (kMaxSeed + 1);
        list.append(take);
    }
    return list;
}

QString GenerationRequest::modeChoiceKey(ModeChoice choice)
{
    switch (choice) {
    case ModeChoice::ImageToVideo:
        return u"image-to-video"_s;
    case ModeChoice::ReferenceToVideo:
        return u"reference-to-video"_s;
    case ModeChoice::Auto:
        break;
    }
    return u"auto"_s;
}

GenerationRequest::ModeChoice GenerationRequest::modeChoiceFromKey(const QString &key)
{
    if (key == u"image-to-video"_s)
        return ModeChoice::ImageToVideo;
    if (key == u"reference-to-video"_s)
        return ModeChoice::ReferenceToVideo;
    return ModeChoice::Auto;
}
