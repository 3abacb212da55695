#include "sim/SimValidator.h"

#include <QBuffer>
#include <QImageIOHandler>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

QString SimJobRequest::modeName() const
{
    switch (mode) {
    case Mode::TextToVideo:
        return u"text-to-video"_s;
    case Mode::ImageToVideo:
        return u"image-to-video"_s;
    case Mode::ReferenceToVideo:
        return u"reference-to-video"_s;
    }
    return {};
}

QString SimJobRequest::modeLabel() const
{
    switch (mode) {
    case Mode::TextToVideo:
        return u"Text to video"_s;
    case Mode::ImageToVideo:
        return u"Image to video"_s;
    case Mode::ReferenceToVideo:
        return u"Reference to video"_s;
    }
    return {};
}

namespace SimValidator {

namespace {

const QStringList kAspectRatios = {u"16:9"_s, u"9:16"_s, u"1:1"_s, u"4:3"_s, u"3:4"_s};

SimValidation reject(int status, const QString &message)
{
    SimValidation v;
    v.httpStatus = status;
    v.error = message;
    return v;
}

bool isChinese(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0xF900 && u <= 0xFAFF);
}

int evenRound(double value)
{
    const int rounded = int(std::lround(value));
    return rounded % 2 == 0 ? rounded : rounded + 1;
}

// Parses one image field: a public URL, or a data URI whose bytes are checked against the service's
// limits. Returns an empty string when the image is acceptable, else the service's message.
QString parseImage(const QString &field, const QString &value, bool isReference, bool honourExif, SimImage *image)
{
    if (value.startsWith(u"http://"_s, Qt::CaseInsensitive) || value.startsWith(u"https://"_s, Qt::CaseInsensitive)) {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return u"Invalid image URL in '%1'"_s.arg(field);
        image->url = value;
        return {};
    }
    // Raw base64 without the data: prefix is refused, as the model's documented input formats are a URL or a data URI.
    if (!value.startsWith(u"data:"_s, Qt::CaseInsensitive))
        return u"'%1' must be a public http(s) URL or a data URI (data:image/jpeg;base64,...)"_s.arg(field);

    const qsizetype comma = value.indexOf(u',');
    if (comma < 0)
        return u"Malformed data URI in '%1'"_s.arg(field);
    const QString header = value.mid(5, comma - 5).toLower();
    if (!header.endsWith(u";base64"_s))
        return u"Data URI in '%1' must be base64-encoded"_s.arg(field);
    const QString mime = header.chopped(7);
    const QStringList allowed = {u"image/jpeg"_s, u"image/jpg"_s, u"image/png"_s, u"image/webp"_s};
    if (!allowed.contains(mime))
        return u"Unsupported image type '%1' in '%2': use JPEG, PNG or WEBP"_s.arg(mime, field);

    const auto decoded = QByteArray::fromBase64Encoding(value.mid(comma + 1).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return u"Malformed base64 data in '%1'"_s.arg(field);
    if (decoded.decoded.size() > kMaxImageBytes)
        return u"Image in '%1' is larger than 20 MB"_s.arg(field);

    QByteArray bytes = decoded.decoded;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format().toLower();
    if (format != "jpeg" && format != "png" && format != "webp")
        return u"Image in '%1' could not be decoded as JPEG, PNG or WEBP"_s.arg(field);
    QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return u"Image in '%1' could not be decoded"_s.arg(field);
    if (honourExif && (reader.transformation() & QImageIOHandler::TransformationRotate90))
        size.transpose();

    if (isReference) {
        if (qMin(size.width(), size.height()) < kMinReferenceShortSide)
            return u"Reference image in '%1' is %2x%3 px: the short side must be at least %4 px"_s.arg(field)
                .arg(size.width())
                .arg(size.height())
                .arg(kMinReferenceShortSide);
    } else {
        if (size.width() < kMinFirstFrameSide || size.height() < kMinFirstFrameSide)
            return u"Image is %1x%2 px: each side must be at least %3 px"_s.arg(size.width())
                .arg(size.height())
                .arg(kMinFirstFrameSide);
        const double aspect = double(size.width()) / double(size.height());
        if (aspect > kMaxFirstFrameAspect || aspect < 1.0 / kMaxFirstFrameAspect)
            return u"Image aspect ratio %1x%2 is outside 1:2.5 to 2.5:1"_s.arg(size.width()).arg(size.height());
    }
    image->bytes = bytes;
    image->size = size;
    return {};
}

} // namespace

QSize outputSizeFor(bool is1080, const QString &aspectRatio)
{
    const int shortSide = is1080 ? 1080 : 720;
    const QStringList parts = aspectRatio.split(u':');
    const double w = parts.value(0).toDouble();
    const double h = parts.value(1).toDouble();
    if (w <= 0 || h <= 0)
        return {evenRound(shortSide * 16.0 / 9.0), shortSide};
    if (w >= h)
        return {evenRound(shortSide * w / h), shortSide};
    return {shortSide, evenRound(shortSide * h / w)};
}

QSize outputSizeForImage(bool is1080, QSize imageSize)
{
    if (!imageSize.isValid() || imageSize.isEmpty())
        return outputSizeFor(is1080, u"16:9"_s);
    const int shortSide = is1080 ? 1080 : 720;
    const double w = imageSize.width();
    const double h = imageSize.height();
    if (w >= h)
        return {evenRound(shortSide * w / h), shortSide};
    return {shortSide, evenRound(shortSide * h / w)};
}

SimValidation validate(const QByteArray &body, bool honourExif)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return reject(400, u"Invalid JSON body"_s);
    const QJsonObject o = document.object();

    SimValidation result;
    SimJobRequest &r = result.request;

    // prompt
    if (!o.contains(u"prompt"_s) || o.value(u"prompt"_s).isNull())
        return reject(400, u"Missing required field: prompt"_s);
    if (!o.value(u"prompt"_s).isString())
        return reject(400, u"Field 'prompt' must be a string"_s);
    r.prompt = o.value(u"prompt"_s).toString();
    if (r.prompt.trimmed().isEmpty())
        return reject(400, u"Field 'prompt' must not be empty"_s);
    const bool chinese = std::any_of(r.prompt.cbegin(), r.prompt.cend(), isChinese);
    const int limit = chinese ? kMaxChinesePromptCharacters : kMaxPromptCharacters;
    if (r.prompt.size() > limit) {
        r.prompt.truncate(limit);
        r.promptTruncated = true;
    }

    // negative_prompt
    if (o.contains(u"negative_prompt"_s) && !o.value(u"negative_prompt"_s).isNull()) {
        if (!o.value(u"negative_prompt"_s).isString())
            return reject(400, u"Field 'negative_prompt' must be a string"_s);
        r.negativePrompt = o.value(u"negative_prompt"_s).toString();
    }

    // resolution [chosen default: 720P]
    if (o.contains(u"resolution"_s)) {
        if (!o.value(u"resolution"_s).isString())
            return reject(400, u"Field 'resolution' must be a string"_s);
        const QString resolution = o.value(u"resolution"_s).toString();
        if (resolution != u"720P"_s && resolution != u"1080P"_s)
            return reject(406, u"Invalid resolution '%1': use 720P or 1080P"_s.arg(resolution));
        r.is1080 = resolution == u"1080P"_s;
    }

    // duration [chosen default: 5]
    if (o.contains(u"duration"_s)) {
        const QJsonValue duration = o.value(u"duration"_s);
        if (!duration.isDouble())
            return reject(400, u"Field 'duration' must be an integer"_s);
        const double seconds = duration.toDouble();
        if (seconds != std::floor(seconds))
            return reject(406, u"Field 'duration' must be a whole number of seconds"_s);
        if (seconds < 3 || seconds > 15)
            return reject(406, u"Field 'duration' must be between 3 and 15 seconds"_s);
        r.durationSeconds = int(seconds);
    }

    // booleans
    for (const QString &flag : {u"prompt_extend"_s, u"watermark"_s}) {
        if (o.contains(flag) && !o.value(flag).isBool())
            return reject(400, u"Field '%1' must be a boolean"_s.arg(flag));
    }
    r.promptExtend = o.value(u"prompt_extend"_s).toBool(false);
    r.watermark = o.value(u"watermark"_s).toBool(false);

    // seed
    if (o.contains(u"seed"_s) && !o.value(u"seed"_s).isNull()) {
        const QJsonValue seed = o.value(u"seed"_s);
        if (!seed.isDouble())
            return reject(400, u"Field 'seed' must be an integer"_s);
        const double value = seed.toDouble();
        if (value != std::floor(value) || value < 0 || value > 2147483647.0)
            return reject(406, u"Field 'seed' must be an integer from 0 to 2147483647"_s);
        r.seed = qint64(value);
    }

    // Mode: decided by what the body holds. With both image fields the first frame wins [chosen]:
    // the service switches mode silently, which is why Paddock never sends both.
    const bool hasImage = o.contains(u"image"_s) && !o.value(u"image"_s).isNull();
    const bool hasReferences = o.contains(u"reference_images"_s) && !o.value(u"reference_images"_s).isNull();
    if (hasImage) {
        r.mode = SimJobRequest::Mode::ImageToVideo;
        if (!o.value(u"image"_s).isString())
            return reject(400, u"Field 'image' must be a string"_s);
        SimImage image;
        const QString problem = parseImage(u"image"_s, o.value(u"image"_s).toString(), false, honourExif, &image);
        if (!problem.isEmpty())
            return reject(406, problem);
        r.images << image;
    } else if (hasReferences) {
        r.mode = SimJobRequest::Mode::ReferenceToVideo;
        if (!o.value(u"reference_images"_s).isArray())
            return reject(400, u"Field 'reference_images' must be an array of strings"_s);
        const QJsonArray references = o.value(u"reference_images"_s).toArray();
        if (references.isEmpty())
            return reject(406, u"Field 'reference_images' must hold 1 to 9 images"_s);
        if (references.size() > kMaxReferences)
            return reject(406, u"Field 'reference_images' holds %1 images: at most 9 are allowed"_s.arg(
                                   references.size()));
        for (qsizetype i = 0; i < references.size(); ++i) {
            const QString field = u"reference_images[%1]"_s.arg(i);
            if (!references.at(i).isString())
                return reject(400, u"Field '%1' must be a string"_s.arg(field));
            SimImage image;
            const QString problem = parseImage(field, references.at(i).toString(), true, honourExif, &image);
            if (!problem.isEmpty())
                return reject(406, problem);
            r.images << image;
        }
    }

    // aspect_ratio: the first frame sets the shape in image to video, so the field is ignored there.
    if (r.mode != SimJobRequest::Mode::ImageToVideo) {
        r.aspectRatio = u"16:9"_s;
        if (o.contains(u"aspect_ratio"_s)) {
            if (!o.value(u"aspect_ratio"_s).isString())
                return reject(400, u"Field 'aspect_ratio' must be a string"_s);
            const QString aspect = o.value(u"aspect_ratio"_s).toString();
            if (!kAspectRatios.contains(aspect))
                return reject(406, u"Invalid aspect_ratio '%1': use 16:9, 9:16, 1:1, 4:3 or 3:4"_s.arg(aspect));
            r.aspectRatio = aspect;
        }
        r.outputSize = outputSizeFor(r.is1080, r.aspectRatio);
    } else {
        r.outputSize = outputSizeForImage(r.is1080, r.images.first().size);
    }
    return result;
}

} // namespace SimValidator
