#include "review/ComparePicture.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int kGap = 4;             // between cells
constexpr int kDividerGrab = 8;     // how near the divider a press grabs it
} // namespace

ComparePicture::ComparePicture(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"Compare picture"_s);
    setAccessibleName(u"Compare picture"_s);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setMinimumSize(320, 180);
}

void ComparePicture::setTakes(const QList<QSize> &sizes, const QStringList &labels)
{
    m_sizes = sizes;
    m_labels = labels;
    m_frames = QList<DecodedFrame>(sizes.size());
    m_solo = -1;
    m_active = std::clamp(m_active, 0, int(std::max<qsizetype>(0, sizes.size() - 1)));
    Q_EMIT picturesResized();
    update();
}

void ComparePicture::setLabels(const QStringList &labels)
{
    m_labels = labels;
    update();
}

void ComparePicture::setFrames(const QList<DecodedFrame> &frames)
{
    // A take whose next frame is not decoded yet (just after a seek) keeps showing its last one.
    m_frames.resize(std::max(m_frames.size(), frames.size()));
    for (qsizetype i = 0; i < frames.size(); ++i) {
        if (frames.at(i).isValid())
            m_frames[i] = frames.at(i);
    }
    update();
}

QList<qint64> ComparePicture::shownTimes() const
{
    QList<qint64> times;
    for (const DecodedFrame &frame : m_frames)
        times.append(frame.isValid() ? frame.ptsUs : -1);
    return times;
}

void ComparePicture::setCompareLayout(Layout layout)
{
    if (layout == m_layout)
        return;
    m_layout = layout;
    Q_EMIT picturesResized();
    update();
}

void ComparePicture::setWipePosition(double position)
{
    const double clamped = std::clamp(position, 0.0, 1.0);
    if (qFuzzyCompare(clamped + 1, m_wipe + 1))
        return;
    m_wipe = clamped;
    Q_EMIT wipeMoved(m_wipe);
    update();
}

void ComparePicture::setSolo(int index)
{
    const int solo = index >= 0 && index < m_sizes.size() ? index : -1;
    if (solo == m_solo)
        return;
    m_solo = solo;
    Q_EMIT picturesResized();
    update();
}

void ComparePicture::setActive(int index)
{
    m_active = index;
    update();
}

void ComparePicture::setMessage(const QString &text)
{
    m_message = text;
    update();
}

QSize ComparePicture::gridShape(int count)
{
    if (count <= 2)
        return {std::max(1, count), 1};
    if (count <= 4)
        return {2, 2};
    if (count <= 6)
        return {3, 2};
    return {3, 3};
}

QRect ComparePicture::cellRect(int index) const
{
    const QRect all = rect();
    if (index < 0 || index >= m_sizes.size())
        return {};
    if (m_solo >= 0)
        return index == m_solo ? all : QRect();
    switch (m_layout) {
    case Layout::Wipe:
        return index < 2 ? all : QRect();
    case Layout::SideBySide:
        if (m_sizes.size() <= 2) {
            const int half = (all.width() - kGap) / 2;
            return index == 0 ? QRect(0, 0, half, all.height())
                              : QRect(all.width() - half, 0, half, all.height());
        }
        [[fallthrough]];
    case Layout::Grid: {
        const QSize shape = gridShape(int(m_sizes.size()));
        const int w = (all.width() - kGap * (shape.width() - 1)) / shape.width();
        const int h = (all.height() - kGap * (shape.height() - 1)) / shape.height();
        const int column = index % shape.width();
        const int row = index / shape.width();
        return QRect(column * (w + kGap), row * (h + kGap), w, h);
    }
    }
    return {};
}

QRect ComparePicture::fitted(const QSize &picture, const QRect &cell)
{
    if (picture.isEmpty() || cell.isEmpty())
        return cell;
    const QSize size = picture.scaled(cell.size(), Qt::KeepAspectRatio);
    return QRect(cell.x() + (cell.width() - size.width()) / 2, cell.y() + (cell.height() - size.height()) / 2,
                 size.width(), size.height());
}

QRect ComparePicture::pictureRect(int index) const
{
    const QRect cell = cellRect(index);
    if (cell.isEmpty())
        return {};
    return fitted(m_sizes.value(index), cell);
}

int ComparePicture::takeAt(const QPoint &point) const
{
    if (m_layout == Layout::Wipe && m_solo < 0 && m_sizes.size() >= 2)
        return point.x() < dividerX() ? 0 : 1;
    for (int i = 0; i < m_sizes.size(); ++i) {
        if (cellRect(i).contains(point))
            return i;
    }
    return -1;
}

int ComparePicture::dividerX() const
{
    return int(std::lround(m_wipe * width()));
}

bool ComparePicture::nearDivider(const QPoint &point) const
{
    return m_layout == Layout::Wipe && m_solo < 0 && std::abs(point.x() - dividerX()) <= kDividerGrab;
}

void ComparePicture::paintLabel(QPainter &painter, const QRect &cell, const QString &text, bool right, bool active,
                                int maxWidth)
{
    if (text.isEmpty())
        return;
    const QFontMetrics metrics(font());
    const int room = maxWidth > 0 ? maxWidth : cell.width() / 2 - 16;
    const QString shown = metrics.elidedText(text, Qt::ElideRight, std::max(40, room));
    QRect box = metrics.boundingRect(shown).adjusted(-6, -3, 6, 3);
    box.moveTop(cell.top() + 8);
    if (right)
        box.moveRight(cell.right() - 8);
    else
        box.moveLeft(cell.left() + 8);
    painter.setPen(Qt::NoPen);
    painter.setBrush(active ? palette().color(QPalette::Highlight) : QColor(0, 0, 0, 170));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(active ? palette().color(QPalette::HighlightedText) : QColor(Qt::white));
    painter.drawText(box, Qt::AlignCenter, shown);
}

void ComparePicture::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    const int count = int(m_sizes.size());
    auto drawFrame = [&](int index, const QRect &target) {
        const DecodedFrame frame = m_frames.value(index);
        if (!frame.isValid())
            return;
        // Decoders scale to the target already; while a new size is on its way, the old one is scaled here.
        painter.drawImage(target, frame.image);
    };

    if (m_layout == Layout::Wipe && m_solo < 0 && count >= 2) {
        const int x = dividerX();
        painter.save();
        painter.setClipRect(QRect(0, 0, x, height()));
        drawFrame(0, pictureRect(0));
        painter.restore();
        painter.save();
        painter.setClipRect(QRect(x, 0, width() - x, height()));
        drawFrame(1, pictureRect(1));
        painter.restore();
        // The divider, with a grip in the middle that says it can be dragged.
        painter.setPen(QPen(Qt::white, 2));
        painter.drawLine(x, 0, x, height());
        painter.setBrush(Qt::white);
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPoint(x, height() / 2), 9, 9);
        painter.setPen(QPen(Qt::black, 2));
        painter.drawLine(x - 4, height() / 2 - 3, x - 4, height() / 2 + 3);
        painter.drawLine(x + 4, height() / 2 - 3, x + 4, height() / 2 + 3);
        paintLabel(painter, rect(), m_labels.value(0), false, m_active == 0);
        paintLabel(painter, rect(), m_labels.value(1), true, m_active == 1);
    } else {
        for (int i = 0; i < count; ++i) {
            const QRect cell = cellRect(i);
            if (cell.isEmpty())
                continue;
            const QRect picture = pictureRect(i);
            drawFrame(i, picture);
            if (i == m_active && count > 1) {
                painter.setPen(QPen(palette().color(QPalette::Highlight), 3));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(picture.adjusted(1, 1, -2, -2));
            }
            // It starts on the picture, not on the bars, and may run on over the bars of a narrow one to the cell's
            // edge rather than be cut to a few letters.
            paintLabel(painter, picture, m_labels.value(i), false, i == m_active, cell.right() - picture.left() - 16);
        }
    }

    if (!m_message.isEmpty()) {
        painter.setPen(Qt::white);
        QFont big = font();
        big.setPointSizeF(big.pointSizeF() * 1.2);
        painter.setFont(big);
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

void ComparePicture::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    Q_EMIT picturesResized();
}

void ComparePicture::mousePressEvent(QMouseEvent *event)
{
    m_pressAt = event->position().toPoint();
    if (event->button() == Qt::LeftButton && nearDivider(m_pressAt)) {
        m_draggingDivider = true;
        return;
    }
    QWidget::mousePressEvent(event);
}

void ComparePicture::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint at = event->position().toPoint();
    if (m_draggingDivider && width() > 0) {
        setWipePosition(double(at.x()) / width());
        return;
    }
    setCursor(nearDivider(at) ? Qt::SplitHCursor : Qt::ArrowCursor);
}

void ComparePicture::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_draggingDivider) {
        m_draggingDivider = false;
        return;
    }
    const QPoint at = event->position().toPoint();
    if (event->button() == Qt::LeftButton && (at - m_pressAt).manhattanLength() < 6) {
        const int index = takeAt(at);
        if (index >= 0)
            Q_EMIT takeClicked(index);
    }
}
