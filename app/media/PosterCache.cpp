#include "media/PosterCache.h"

#include "media/StoredFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxCacheKiB = 64 * 1024;

} // namespace

PosterCache::PosterCache(QSize thumbnailSize, QObject *parent) : QObject(parent), m_size(thumbnailSize)
{
    m_images.setMaxCost(kMaxCacheKiB);
}

PosterCache::~PosterCache()
{
    // The grabs are children and go with this object; their signals must not reach a half-destroyed cache.
    for (QObject *grab : std::as_const(m_running))
        grab->disconnect(this);
}

QImage PosterCache::image(const QString &path)
{
    if (path.isEmpty())
        return {};
    if (const QImage *cached = m_images.object(path))
        return *cached;
    if (!m_failed.contains(path) && !isPending(path)) {
        m_waiting.append(path);
        startNext();
    }
    return {};
}

QImage PosterCache::cached(const QString &path) const
{
    const QImage *image = m_images.object(path);
    return image ? *image : QImage();
}

bool PosterCache::isPending(const QString &path) const
{
    return m_running.contains(path) || m_waiting.contains(path);
}

void PosterCache::forget(const QString &path)
{
    m_images.remove(path);
    m_failed.remove(path);
    m_waiting.removeAll(path);
    if (QObject *grab = m_running.take(path)) {
        grab->disconnect(this);
        grab->deleteLater();
        startNext();
    }
}

void PosterCache::setDiskDirectory(const QString &directory)
{
    m_diskDirectory = directory;
    if (!directory.isEmpty())
        QDir().mkpath(directory);
}

QString PosterCache::diskPath(const QString &path) const
{
    if (m_diskDirectory.isEmpty())
        return {};
    // Named by the clip's path and the thumbnail size, so one clip shared by many records is decoded once.
    const QByteArray key = QCryptographicHash::hash((path + u'|' + QString::number(m_size.width()) + u'x' +
                                                     QString::number(m_size.height()) +
                                                     (m_stripFrames > 1 ? u"|strip%1"_s.arg(m_stripFrames) : QString()))
                                                        .toUtf8(),
                                                    QCryptographicHash::Sha1);
    return m_diskDirectory + u"/"_s + QString::fromLatin1(key.toHex().left(24)) + u".jpg"_s;
}

void PosterCache::startNext()
{
    while (m_running.size() < m_maxConcurrent && !m_waiting.isEmpty()) {
        const QString path = m_waiting.takeFirst();
        const QString kept = diskPath(path);
        const QFileInfo keptInfo(kept);
        if (kept.isEmpty() || !StoredFile::isRegularFileInside(kept, m_diskDirectory) ||
            keptInfo.lastModified() < QFileInfo(path).lastModified()) {
            startGrab(path);
            continue;
        }
        // A poster kept from an earlier session: a small JPEG to read, off the GUI thread.
        auto *watcher = new QFutureWatcher<QImage>(this);
        m_running.insert(path, watcher);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
            watcher->deleteLater();
            if (m_running.value(path) != watcher)
                return;
            m_running.remove(path);
            const QImage image = watcher->result();
            if (image.isNull()) {
                startGrab(path); // unreadable: make it again from the clip
                return;
            }
            store(path, image, {}, true);
        });
        watcher->setFuture(QtConcurrent::run([kept] { return QImage(kept); }));
    }
}

void PosterCache::startGrab(const QString &path)
{
    QString why;
    if (!m_allowedDirectory.isEmpty() && !StoredFile::isRegularFileInside(path, m_allowedDirectory, &why)) {
        // Never opened: a pipe would block the grab, a link or a path outside could be anything of the user's.
        m_failed.insert(path, why);
        QTimer::singleShot(0, this, [this, path] { Q_EMIT imageReady(path); });
        return;
    }
    auto *grab = new PosterFrame(path, m_size, this);
    grab->setMethod(m_method);
    grab->setStripFrames(m_stripFrames);
    m_running.insert(path, grab);
    connect(grab, &PosterFrame::finished, this, [this, grab, path](const QImage &image, const QString &error) {
        grab->deleteLater();
        if (m_running.value(path) != grab)
            return;
        m_running.remove(path);
        store(path, image, error, false);
    });
    grab->start();
}

void PosterCache::store(const QString &path, const QImage &image, const QString &error, bool fromDisk)
{
    if (image.isNull()) {
        qWarning("No poster frame for %s: %s", qPrintable(path), qPrintable(error));
        m_failed.insert(path, error.isEmpty() ? u"No picture could be read from the clip."_s : error);
    } else {
        m_images.insert(path, new QImage(image), qMax<qsizetype>(1, image.sizeInBytes() / 1024));
        const QString kept = diskPath(path);
        if (!fromDisk && !kept.isEmpty()) {
            // Written whole under another name, then renamed: a reader never sees half a JPEG.
            (void)QtConcurrent::run([image, kept] {
                QSaveFile file(kept);
                if (file.open(QIODevice::WriteOnly) && image.save(&file, "JPEG", 85))
                    file.commit();
            });
        }
    }
    Q_EMIT imageReady(path);
    startNext();
}
