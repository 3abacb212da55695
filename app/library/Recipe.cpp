#include "library/Recipe.h"

#include "api/PromptLength.h"
#include "library/Library.h"
#include "library/LibraryModel.h"
#include "media/StoredFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QDir>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Recipe {

namespace {

const QString kFirstFrameRole = u"first_frame"_s;
const QString kReferenceRole = u"reference"_s;
// Modes as stable names; the recipe says the one that was sent, for people and tools reading it.
const QString kTextToVideo = u"text-to-video"_s;

QString modeKey(const GenerationRequest &request)
{
    const auto mode = request.mode();
    if (!mode)
        return {};
    switch (*mode) {
    case GenerationRequest::Mode::TextToVideo:
        return kTextToVideo;
    case GenerationRequest::Mode::ImageToVideo:
        return GenerationRequest::modeChoiceKey(GenerationRequest::ModeChoice::ImageToVideo);
    case GenerationRequest::Mode::ReferenceToVideo:
        return GenerationRequest::modeChoiceKey(GenerationRequest::ModeChoice::ReferenceToVideo);
    }
    return {};
}

// The SHA-256 of the file's bytes in hex; empty when it cannot be read (gone, or not a regular file).
QString fileSha256(const QString &path)
{
    if (!StoredFile::isRegularFile(path))
        return {};
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

QJsonObject imageJson(const ImageSource &image, ImageRole role, int slot)
{
    QJsonObject json{{u"role"_s, role == ImageRole::FirstFrame ? kFirstFrameRole : kReferenceRole}, {u"slot"_s, slot}};
    if (image.isUrl()) {
        json.insert(u"url"_s, image.url.toString());
        return json;
    }
    const QString hash = fileSha256(image.path);
    json.insert(u"sha256"_s, hash.isEmpty() ? QJsonValue() : QJsonValue(hash));
    json.insert(u"name"_s, Library::safeImageName(image.displayName()));
    return json;
}

// Reads a recipe's fields, collecting every problem rather than stopping at the first.
class Reader
{
public:
    explicit Reader(QStringList *problems) : m_problems(problems) {}

    void problem(const QString &text) { m_problems->append(text); }

    // A prompt as the user may have typed it: any length up to the service's limit, no control characters but
    // line breaks and tabs (a NUL or an escape has no business in a prompt and could upset what shows it).
    QString text(const QJsonObject &object, const QString &key, const QString &label, bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                problem(u"The recipe has no %1."_s.arg(label));
            return {};
        }
        if (!value.isString()) {
            problem(u"The recipe's %1 is not text."_s.arg(label));
            return {};
        }
        const QString result = value.toString();
        if (measurePrompt(result).characters > GenerationRequest::kMaxPromptCharacters) {
            problem(u"The recipe's %1 is longer than the %2 characters the service reads."_s.arg(
                label, groupThousands(GenerationRequest::kMaxPromptCharacters)));
            return {};
        }
        const bool control = std::any_of(result.cbegin(), result.cend(), [](QChar c) {
            return c.category() == QChar::Other_Control && c != u'\n' && c != u'\t' && c != u'\r';
        });
        if (control) {
            problem(u"The recipe's %1 has control characters in it."_s.arg(label));
            return {};
        }
        if (required && result.trimmed().isEmpty())
            problem(u"The recipe's %1 is empty."_s.arg(label));
        return result;
    }

    // A whole number in [min, max]: JSON numbers are doubles, so 5.5, 1e300 and NaN-like values are refused here.
    std::optional<qint64> integer(const QJsonObject &object, const QString &key, qint64 min, qint64 max,
                                  const QString &outOfRange)
    {
        const QJsonValue value = object.value(key);
        if (!value.isDouble()) {
            problem(u"The recipe's %1 is not a number."_s.arg(key));
            return std::nullopt;
        }
        const double number = value.toDouble();
        if (!(number >= double(min) && number <= double(max))) {
            problem(outOfRange);
            return std::nullopt;
        }
        if (number != double(qint64(number))) {
            problem(u"The recipe's %1 is not a whole number."_s.arg(key));
            return std::nullopt;
        }
        return qint64(number);
    }

    bool flag(const QJsonObject &object, const QString &key)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return false;
        if (!value.isBool())
            problem(u"The recipe's %1 is neither true nor false."_s.arg(key));
        return value.toBool();
    }

    std::optional<Image> image(const QJsonValue &value)
    {
        const QJsonObject object = value.toObject();
        const QString role = object.value(u"role"_s).toString();
        if (!value.isObject() || (role != kFirstFrameRole && role != kReferenceRole)) {
            problem(u"The recipe names an image that is neither a first frame nor a reference."_s);
            return std::nullopt;
        }
        Image result;
        result.role = role == kFirstFrameRole ? ImageRole::FirstFrame : ImageRole::Reference;
        const qint64 lastSlot = result.role == ImageRole::FirstFrame ? 0 : GenerationRequest::kMaxReferences - 1;
        const auto slot = integer(object, u"slot"_s, 0, lastSlot,
                                  u"The recipe names an image in slot %1, which does not exist."_s.arg(
                                      object.value(u"slot"_s).toVariant().toString().left(20)));
        if (!slot)
            return std::nullopt;
        result.slot = int(*slot);
        if (object.contains(u"url"_s)) {
            result.url = QUrl(object.value(u"url"_s).toString(), QUrl::StrictMode);
            if (const QString why = urlProblem(result.url); !why.isEmpty()) {
                problem(u"The recipe's web address for an image cannot be used: %1"_s.arg(why));
                return std::nullopt;
            }
            return result;
        }
        const QJsonValue hash = object.value(u"sha256"_s);
        const QString digest = hash.toString();
        const bool hex = std::all_of(digest.cbegin(), digest.cend(),
                                     [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
        if (!hash.isNull() && (!hash.isString() || digest.size() != 64 || !hex)) {
            problem(u"The recipe's hash of an image is damaged."_s);
            return std::nullopt;
        }
        result.sha256 = digest;
        result.name = Library::safeImageName(object.value(u"name"_s).toString());
        return result;
    }

private:
    QStringList *m_problems;
};

} // namespace

QJsonObject requestJson(const GenerationRequest &r)
{
    return QJsonObject{{u"prompt"_s, r.prompt},
                       {u"negative_prompt"_s, r.negativePrompt},
                       {u"resolution"_s, Pricing::resolutionName(r.resolution)},
                       {u"duration"_s, r.durationSeconds},
                       {u"aspect_ratio"_s, aspectRatioName(r.aspect)},
                       {u"prompt_extend"_s, r.promptExtend},
                       {u"watermark"_s, r.watermark},
                       {u"seed"_s, r.seed ? QJsonValue(*r.seed) : QJsonValue()}};
}

QJsonObject recipeJson(const LibraryEntry &entry)
{
    const Job &job = entry.job;
    const GenerationRequest &r = job.request;
    QJsonObject request = requestJson(r);
    request.insert(u"mode_choice"_s, GenerationRequest::modeChoiceKey(r.modeChoice));
    QJsonArray images;
    if (!r.firstFrame.isEmpty())
        images.append(imageJson(r.firstFrame, ImageRole::FirstFrame, 0));
    for (int slot = 0; slot < r.references.size(); ++slot) {
        if (!r.references.at(slot).isEmpty())
            images.append(imageJson(r.references.at(slot), ImageRole::Reference, slot));
    }
    const QString mode = modeKey(r);
    return QJsonObject{{u"paddock_recipe"_s, kVersion},
                       {u"model"_s, QString::fromLatin1(kModel)},
                       {u"created"_s, job.createdAt.isValid()
                                          ? QJsonValue(job.createdAt.toUTC().toString(Qt::ISODateWithMs))
                                          : QJsonValue()},
                       {u"request_id"_s, job.requestId.isEmpty() ? QJsonValue() : QJsonValue(job.requestId)},
                       {u"cost_cents"_s, LibraryModel::costCents(job)},
                       {u"cost_charged"_s, job.chargedCents >= 0},
                       {u"mode"_s, mode.isEmpty() ? QJsonValue() : QJsonValue(mode)},
                       {u"request"_s, request},
                       {u"images"_s, images}};
}

QByteArray recipeBytes(const LibraryEntry &entry)
{
    return QJsonDocument(recipeJson(entry)).toJson(QJsonDocument::Compact);
}

std::optional<GenerationRequest> recipeToRequest(const QJsonObject &recipe, QStringList *problems, QList<Image> *images)
{
    QStringList found;
    Reader read(&found);
    auto give = [&]() -> std::optional<GenerationRequest> {
        if (problems)
            *problems = found;
        return std::nullopt;
    };

    const QJsonValue version = recipe.value(u"paddock_recipe"_s);
    if (!version.isDouble()) {
        read.problem(u"This is not a Paddock recipe."_s);
        return give();
    }
    if (version.toDouble() != kVersion) {
        read.problem(u"This recipe was written by another version of Paddock (format %1), which this one cannot "
                     u"read."_s.arg(version.toVariant().toString().left(20)));
        return give();
    }
    const QJsonValue requestValue = recipe.value(u"request"_s);
    if (!requestValue.isObject()) {
        read.problem(u"The recipe has no request in it."_s);
        return give();
    }
    const QJsonObject json = requestValue.toObject();

    GenerationRequest request;
    request.prompt = read.text(json, u"prompt"_s, u"prompt"_s, true);
    request.negativePrompt = read.text(json, u"negative_prompt"_s, u"negative prompt"_s, false);
    if (!Pricing::parseResolution(json.value(u"resolution"_s).toString(), &request.resolution))
        read.problem(u"The recipe's resolution is not one the service makes (720P or 1080P)."_s);
    const auto duration = read.integer(json, u"duration"_s, GenerationRequest::kMinDurationSeconds,
                                       GenerationRequest::kMaxDurationSeconds,
                                       u"The recipe's duration is outside the %1 to %2 seconds a clip can last."_s
                                           .arg(GenerationRequest::kMinDurationSeconds)
                                           .arg(GenerationRequest::kMaxDurationSeconds));
    request.durationSeconds = int(duration.value_or(request.durationSeconds));
    if (!parseAspectRatio(json.value(u"aspect_ratio"_s).toString(), &request.aspect))
        read.problem(u"The recipe's aspect ratio is not one the service makes (16:9, 9:16, 1:1, 4:3 or 3:4)."_s);
    request.promptExtend = read.flag(json, u"prompt_extend"_s);
    request.watermark = read.flag(json, u"watermark"_s);
    if (const QJsonValue seed = json.value(u"seed"_s); !seed.isUndefined() && !seed.isNull())
        request.seed =
            read.integer(json, u"seed"_s, 0, GenerationRequest::kMaxSeed,
                         u"The recipe's seed is outside 0 to %1."_s.arg(groupThousands(GenerationRequest::kMaxSeed)));
    const QString choice = json.value(u"mode_choice"_s).toString(u"auto"_s);
    request.modeChoice = GenerationRequest::modeChoiceFromKey(choice);
    if (GenerationRequest::modeChoiceKey(request.modeChoice) != choice)
        read.problem(u"The recipe's choice of mode is not one Paddock knows."_s);

    const QJsonValue imagesValue = recipe.value(u"images"_s);
    QList<Image> named;
    if (!imagesValue.isUndefined() && !imagesValue.isArray()) {
        read.problem(u"The recipe's list of images is damaged."_s);
    } else if (imagesValue.toArray().size() > 1 + GenerationRequest::kMaxReferences) {
        read.problem(u"The recipe names more images than a request can have."_s);
    } else {
        for (const QJsonValue &value : imagesValue.toArray()) {
            const auto image = read.image(value);
            if (!image)
                continue;
            const bool taken = std::any_of(named.cbegin(), named.cend(), [&](const Image &other) {
                return other.role == image->role && other.slot == image->slot;
            });
            if (taken)
                read.problem(u"The recipe names two images for the same slot."_s);
            else
                named.append(*image);
        }
    }

    if (!found.isEmpty())
        return give();
    if (problems)
        problems->clear();
    if (images)
        *images = named;
    return request;
}

namespace {

// The library's copy of the image with this SHA-256 (64 lowercase hex digits, checked by recipeToRequest), if any.
QString storedImage(const QString &imagesDirectory, const QString &sha256)
{
    if (imagesDirectory.isEmpty() || sha256.size() != 64)
        return {};
    const QDir images(imagesDirectory);
    const QStringList found = images.entryList({sha256, sha256 + u".*"_s}, QDir::Files);
    return found.isEmpty() ? QString() : images.filePath(found.constFirst());
}

} // namespace

Restored restore(const QByteArray &recipeJson, const QString &imagesDirectory)
{
    Restored restored;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(recipeJson, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        restored.problems << u"The clip's recipe is damaged: it is not readable JSON."_s;
        return restored;
    }
    QList<Image> images;
    std::optional<GenerationRequest> request = recipeToRequest(document.object(), &restored.problems, &images);
    if (!request)
        return restored;
    for (const Image &image : images) {
        ImageSource source;
        if (image.url.isValid()) {
            source = ImageSource::fromUrl(image.url);
        } else if (const QString path = storedImage(imagesDirectory, image.sha256); !path.isEmpty()) {
            source = ImageSource::fromFile(path);
            source.originalName = image.name;
        }
        const QString where = image.role == ImageRole::FirstFrame ? u"first frame"_s
                                                                   : u"reference image %1"_s.arg(image.slot + 1);
        if (source.isEmpty()) {
            restored.missingImages << u"%1 (%2)"_s.arg(image.name.isEmpty() ? u"an image"_s : image.name, where);
            continue;
        }
        if (image.role == ImageRole::FirstFrame) {
            request->firstFrame = source;
        } else if (image.slot >= 0 && image.slot < GenerationRequest::kMaxReferences) {
            while (request->references.size() <= image.slot)
                request->references.append(ImageSource());
            request->references[image.slot] = source;
        }
    }
    restored.request = request;
    return restored;
}

} // namespace Recipe
