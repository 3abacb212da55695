#include "settings/AppSettings.h"

#include "library/Library.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

namespace Key {
const QString geometry = u"window/geometry"_s;
const QString splitters = u"window/splitter/"_s;
const QString rememberImages = u"form/rememberImages"_s;
const QString seedLocked = u"form/seedLocked"_s;
const QString prompt = u"form/prompt"_s;
const QString negativePrompt = u"form/negativePrompt"_s;
const QString resolution = u"form/resolution"_s;
const QString duration = u"form/duration"_s;
const QString aspect = u"form/aspectRatio"_s;
const QString promptExtend = u"form/promptExtend"_s;
const QString watermark = u"form/watermark"_s;
const QString seed = u"form/seed"_s;
const QString modeChoice = u"form/modeChoice"_s;
const QString firstFrame = u"form/firstFrame"_s;
const QString references = u"form/references"_s;
const QString firstFrameName = u"form/firstFrameName"_s;
const QString referenceNames = u"form/referenceNames"_s;
const QString maxConcurrent = u"queue/maxConcurrentJobs"_s;
const QString sessionLimit = u"spending/sessionLimitCents"_s;
const QString dayLimit = u"spending/dayLimitCents"_s;
const QString confirmAbove = u"spending/confirmAboveCents"_s;
const QString keyPromptDismissed = u"firstRun/keyPromptDismissed"_s;
} // namespace Key

constexpr int kDefaultMaxConcurrent = 4;
constexpr qint64 kDefaultConfirmAboveCents = 500;

// A money setting: a whole number of cents, or "none" (an absent key means the default).
std::optional<qint64> centsValue(const QSettings &settings, const QString &key, std::optional<qint64> fallback)
{
    if (!settings.contains(key))
        return fallback;
    bool ok = false;
    const qint64 cents = settings.value(key).toLongLong(&ok);
    return ok && cents >= 0 ? std::optional<qint64>(cents) : std::nullopt;
}

void setCentsValue(QSettings &settings, const QString &key, std::optional<qint64> cents)
{
    settings.setValue(key, cents ? QVariant(*cents) : QVariant(u"none"_s));
}

// "file:/path" or "url:https://…"; an empty string for no image.
QString imageText(const ImageSource &image)
{
    if (image.isLocalFile())
        return u"file:"_s + image.path;
    if (image.isUrl())
        return u"url:"_s + image.url.toString();
    return {};
}

ImageSource imageFromText(const QString &text)
{
    if (text.startsWith(u"file:"_s)) {
        const QString path = text.mid(5);
        return QFileInfo::exists(path) ? ImageSource::fromFile(path) : ImageSource{};
    }
    if (text.startsWith(u"url:"_s))
        return ImageSource::fromUrl(QUrl(text.mid(4)));
    return {};
}

} // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(Key::geometry).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(Key::geometry, geometry);
}

QByteArray AppSettings::splitterState(const QString &name) const
{
    return m_settings->value(Key::splitters + name).toByteArray();
}

void AppSettings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(Key::splitters + name, state);
}

GenerationRequest AppSettings::lastRequest() const
{
    GenerationRequest request;
    request.prompt = m_settings->value(Key::prompt).toString();
    request.negativePrompt = m_settings->value(Key::negativePrompt).toString();
    Pricing::parseResolution(m_settings->value(Key::resolution, u"720P"_s).toString(), &request.resolution);
    request.durationSeconds = qBound(GenerationRequest::kMinDurationSeconds,
                                     m_settings->value(Key::duration, request.durationSeconds).toInt(),
                                     GenerationRequest::kMaxDurationSeconds);
    parseAspectRatio(m_settings->value(Key::aspect, u"16:9"_s).toString(), &request.aspect);
    request.promptExtend = m_settings->value(Key::promptExtend, false).toBool();
    request.watermark = m_settings->value(Key::watermark, false).toBool();
    bool ok = false;
    const qint64 seed = m_settings->value(Key::seed).toLongLong(&ok);
    if (ok && seed >= 0 && seed <= GenerationRequest::kMaxSeed)
        request.seed = seed;
    request.modeChoice = GenerationRequest::modeChoiceFromKey(m_settings->value(Key::modeChoice).toString());
    if (rememberImages()) {
        // The names the images had on the user's disk (restored settings point at the library's copies) are
        // labels only, and read back as hostile text like any other.
        const auto named = [](ImageSource image, const QString &name) {
            if (!image.isEmpty())
                image.originalName = Library::safeImageName(name);
            return image;
        };
        request.firstFrame = named(imageFromText(m_settings->value(Key::firstFrame).toString()),
                                   m_settings->value(Key::firstFrameName).toString());
        const QStringList references = m_settings->value(Key::references).toStringList();
        const QStringList names = m_settings->value(Key::referenceNames).toStringList();
        for (qsizetype i = 0; i < references.size(); ++i) {
            const ImageSource image = named(imageFromText(references.at(i)), names.value(i));
            if (!image.isEmpty() && request.references.size() < GenerationRequest::kMaxReferences)
                request.references.append(image);
        }
    }
    return request;
}

void AppSettings::setLastRequest(const GenerationRequest &request)
{
    m_settings->setValue(Key::prompt, request.prompt);
    m_settings->setValue(Key::negativePrompt, request.negativePrompt);
    m_settings->setValue(Key::resolution, Pricing::resolutionName(request.resolution));
    m_settings->setValue(Key::duration, request.durationSeconds);
    m_settings->setValue(Key::aspect, aspectRatioName(request.aspect));
    m_settings->setValue(Key::promptExtend, request.promptExtend);
    m_settings->setValue(Key::watermark, request.watermark);
    if (request.seed)
        m_settings->setValue(Key::seed, *request.seed);
    else
        m_settings->remove(Key::seed);
    m_settings->setValue(Key::modeChoice, GenerationRequest::modeChoiceKey(request.modeChoice));
    if (rememberImages()) {
        m_settings->setValue(Key::firstFrame, imageText(request.firstFrame));
        m_settings->setValue(Key::firstFrameName, request.firstFrame.originalName);
        QStringList references;
        QStringList names;
        for (const ImageSource &image : request.references) {
            references << imageText(image);
            names << image.originalName;
        }
        m_settings->setValue(Key::references, references);
        m_settings->setValue(Key::referenceNames, names);
    } else {
        for (const QString &key : {Key::firstFrame, Key::firstFrameName, Key::references, Key::referenceNames})
            m_settings->remove(key);
    }
}

bool AppSettings::rememberImages() const
{
    return m_settings->value(Key::rememberImages, false).toBool();
}

void AppSettings::setRememberImages(bool remember)
{
    m_settings->setValue(Key::rememberImages, remember);
}

bool AppSettings::seedLocked() const
{
    return m_settings->value(Key::seedLocked, false).toBool();
}

void AppSettings::setSeedLocked(bool locked)
{
    m_settings->setValue(Key::seedLocked, locked);
}

std::optional<qint64> AppSettings::sessionLimitCents() const
{
    return centsValue(*m_settings, Key::sessionLimit, std::nullopt);
}

void AppSettings::setSessionLimitCents(std::optional<qint64> cents)
{
    setCentsValue(*m_settings, Key::sessionLimit, cents);
}

std::optional<qint64> AppSettings::dayLimitCents() const
{
    return centsValue(*m_settings, Key::dayLimit, std::nullopt);
}

void AppSettings::setDayLimitCents(std::optional<qint64> cents)
{
    setCentsValue(*m_settings, Key::dayLimit, cents);
}

std::optional<qint64> AppSettings::confirmAboveCents() const
{
    return centsValue(*m_settings, Key::confirmAbove, kDefaultConfirmAboveCents);
}

void AppSettings::setConfirmAboveCents(std::optional<qint64> cents)
{
    setCentsValue(*m_settings, Key::confirmAbove, cents);
}

int AppSettings::maxConcurrentJobs() const
{
    return qBound(1, m_settings->value(Key::maxConcurrent, kDefaultMaxConcurrent).toInt(), 16);
}

void AppSettings::setMaxConcurrentJobs(int count)
{
    m_settings->setValue(Key::maxConcurrent, qBound(1, count, 16));
}

bool AppSettings::firstRunKeyPromptDismissed() const
{
    return m_settings->value(Key::keyPromptDismissed, false).toBool();
}

void AppSettings::setFirstRunKeyPromptDismissed(bool dismissed)
{
    m_settings->setValue(Key::keyPromptDismissed, dismissed);
}

void AppSettings::sync()
{
    m_settings->sync();
}
