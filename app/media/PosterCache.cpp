#include "media/PosterCache.h"

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
    for (PosterFrame *grab : std::as_const(m_running))
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

bool PosterCache::isPending(const QString &path) const
{
    return m_running.contains(path) || m_waiting.contains(path);
}

void PosterCache::forget(const QString &path)
{
    m_images.remove(path);
    m_failed.remove(path);
    m_waiting.removeAll(path);
    if (PosterFrame *grab = m_running.take(path)) {
        grab->disconnect(this);
        grab->deleteLater();
        startNext();
    }
}

void PosterCache::startNext()
{
    while (m_running.size() < m_maxConcurrent && !m_waiting.isEmpty()) {
        const QString path = m_waiting.takeFirst();
        auto *grab = new PosterFrame(path, m_size, this);
        grab->setMethod(m_method);
        m_running.insert(path, grab);
        connect(grab, &PosterFrame::finished, this, [this, grab, path](const QImage &image, const QString &error) {
            grab->deleteLater();
            if (m_running.value(path) != grab)
                return;
            m_running.remove(path);
            if (image.isNull()) {
                qWarning("No poster frame for %s: %s", qPrintable(path), qPrintable(error));
                m_failed.insert(path, error.isEmpty() ? u"No picture could be read from the clip."_s : error);
            } else {
                m_images.insert(path, new QImage(image), qMax<qsizetype>(1, image.sizeInBytes() / 1024));
            }
            Q_EMIT imageReady(path);
            startNext();
        });
        grab->start();
    }
}
