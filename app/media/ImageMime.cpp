#include "media/ImageMime.h"

#include <QDir>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

ImageSource sourceFromUrl(const QUrl &url)
{
    if (url.isLocalFile())
        return ImageSource::fromFile(QDir::cleanPath(url.toLocalFile()));
    // Any other scheme is kept so that the slot can say why it can't be used, rather than ignoring the drop.
    return ImageSource::fromUrl(url);
}

// One line of pasted or dropped text: an address, a file URL or an absolute path to an existing file.
ImageSource sourceFromText(const QString &line)
{
    const QString text = line.trimmed();
    if (text.startsWith(u"http://"_s, Qt::CaseInsensitive) || text.startsWith(u"https://"_s, Qt::CaseInsensitive) ||
        text.startsWith(u"file://"_s, Qt::CaseInsensitive))
        return sourceFromUrl(QUrl(text, QUrl::StrictMode));
    if (QDir::isAbsolutePath(text) && QFileInfo(text).isFile())
        return ImageSource::fromFile(QDir::cleanPath(text));
    return {};
}

} // namespace

OfferedImages offeredImages(const QMimeData *mime)
{
    OfferedImages offered;
    if (!mime)
        return offered;
    if (mime->hasUrls()) {
        const QList<QUrl> urls = mime->urls();
        for (const QUrl &url : urls) {
            if (const ImageSource source = sourceFromUrl(url); !source.isEmpty())
                offered.sources << source;
        }
    }
    if (offered.sources.isEmpty() && mime->hasText()) {
        const QStringList lines = mime->text().split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            if (const ImageSource source = sourceFromText(line); !source.isEmpty())
                offered.sources << source;
        }
    }
    if (offered.sources.isEmpty())
        offered.picture = PastedPictures::fromMimeData(mime);
    return offered;
}

bool mayOfferImages(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasUrls() || mime->hasImage() || mime->hasText())
        return true;
    const QStringList formats = mime->formats();
    return std::any_of(formats.cbegin(), formats.cend(), [](const QString &f) { return f.startsWith(u"image/"_s); });
}
