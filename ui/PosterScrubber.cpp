#include "PosterScrubber.h"

#include "media/PosterCache.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QMouseEvent>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace {

// Long enough that sweeping across a screen of posters starts nothing, short enough to feel immediate.
constexpr int kDwellMs = 120;
// Each frame of a strip: about the size a poster is painted at.
constexpr QSize kFrameSize(240, 240);

} // namespace

PosterScrubber::PosterScrubber(QAbstractItemView *view, int clipRole, const QString &diskDirectory)
    : QObject(view), m_view(view), m_clipRole(clipRole), m_strips(new PosterCache(kFrameSize, this)),
      m_dwell(new QTimer(this))
{
    m_strips->setStripFrames(kFrames);
    m_strips->setMaxConcurrent(1); // previews never compete with the posters of the screen for long
    if (!diskDirectory.isEmpty())
        m_strips->setDiskDirectory(diskDirectory);
    m_dwell->setSingleShot(true);
    m_dwell->setInterval(kDwellMs);
    connect(m_dwell, &QTimer::timeout, this, &PosterScrubber::requestStrip);
    connect(m_strips, &PosterCache::imageReady, this, [this](const QString &path) {
        if (path == m_clip && m_index.isValid())
            repaint(m_index);
    });
    m_viewport = m_view->viewport();
    m_viewport->setMouseTracking(true);
    m_viewport->installEventFilter(this);
}

PosterScrubber::~PosterScrubber() = default;

void PosterScrubber::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        scrub({}, 0);
}

PosterScrubber::Frame PosterScrubber::frameFor(const QModelIndex &index) const
{
    if (!m_enabled || !m_index.isValid() || index != m_index || m_clip.isEmpty())
        return {};
    const QImage strip = m_strips->cached(m_clip);
    if (strip.isNull())
        return {};
    const int frames = m_strips->stripFrames();
    const int frameWidth = strip.width() / frames;
    const int frame = std::clamp(int(std::floor(m_share * frames)), 0, frames - 1);
    return Frame{strip, QRect(frame * frameWidth, 0, frameWidth, strip.height()), m_share};
}

void PosterScrubber::scrub(const QModelIndex &index, double share)
{
    const QString clip = m_enabled && index.isValid() ? index.data(m_clipRole).toString() : QString();
    const QModelIndex before = m_index;
    if (clip.isEmpty()) {
        m_dwell->stop();
        m_index = QPersistentModelIndex();
        m_clip.clear();
        if (before.isValid())
            repaint(before);
        return;
    }
    const bool sameTake = index == before && clip == m_clip;
    m_index = index;
    m_clip = clip;
    m_share = std::isfinite(share) ? std::clamp(share, 0.0, 1.0) : 0.0;
    if (!sameTake) {
        if (before.isValid())
            repaint(before);
        m_dwell->start();
    }
    repaint(index);
}

void PosterScrubber::requestStrip()
{
    // image() starts making the strip (or reading it from disk); imageReady() repaints once it is there.
    if (!m_clip.isEmpty() && !m_strips->image(m_clip).isNull())
        repaint(m_index);
}

void PosterScrubber::forget()
{
    m_dwell->stop();
    m_index = QPersistentModelIndex();
    m_clip.clear();
}

void PosterScrubber::repaint(const QModelIndex &index)
{
    m_view->viewport()->update(m_view->visualRect(index));
    Q_EMIT frameChanged(index);
}

bool PosterScrubber::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport) {
        switch (event->type()) {
        case QEvent::MouseMove: {
            const auto *move = static_cast<QMouseEvent *>(event);
            if (move->buttons() != Qt::NoButton)
                break; // a drag or a selection, not a preview
            const QPoint at = move->position().toPoint();
            const QModelIndex index = m_view->indexAt(at);
            const QRect cell = m_view->visualRect(index);
            scrub(index, cell.width() > 0 ? double(at.x() - cell.left()) / cell.width() : 0.0);
            break;
        }
        case QEvent::Leave:
            forget();
            m_viewport->update(); // the poster comes back
            break;
        case QEvent::Hide: // hidden, or being destroyed: nothing to repaint
            forget();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}
