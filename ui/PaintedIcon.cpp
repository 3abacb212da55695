#include "PaintedIcon.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <cmath>
#include <functional>

namespace {

using PaintFunction = std::function<void(QPainter *painter, const QRectF &box, const QColor &ink, QIcon::State)>;

// Paints on demand instead of holding pixmaps, so every size and scale factor gets its own sharp rendering.
class PaintedEngine final : public QIconEngine
{
public:
    explicit PaintedEngine(PaintFunction paint) : m_paint(std::move(paint)) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const QPalette palette = QGuiApplication::palette();
        const QColor ink = mode == QIcon::Disabled   ? palette.color(QPalette::Disabled, QPalette::ButtonText)
                           : mode == QIcon::Selected ? palette.color(QPalette::HighlightedText)
                                                     : palette.color(QPalette::ButtonText);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        // A square box with a margin, so that icons of every shape line up in a row of buttons.
        const qreal side = qMin(rect.width(), rect.height());
        const QRectF box(rect.x() + (rect.width() - side) / 2.0, rect.y() + (rect.height() - side) / 2.0, side, side);
        m_paint(painter, box.adjusted(side * 0.08, side * 0.08, -side * 0.08, -side * 0.08), ink, state);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new PaintedEngine(m_paint); }

private:
    PaintFunction m_paint;
};

QIcon makeIcon(PaintFunction paint)
{
    return QIcon(new PaintedEngine(std::move(paint)));
}

QSizeF ratioSize(AspectRatio aspect)
{
    switch (aspect) {
    case AspectRatio::R16x9:
        return {16, 9};
    case AspectRatio::R9x16:
        return {9, 16};
    case AspectRatio::R1x1:
        return {1, 1};
    case AspectRatio::R4x3:
        return {4, 3};
    case AspectRatio::R3x4:
        return {3, 4};
    }
    return {1, 1};
}

// Strokes land on whole device pixels when the pen is an odd number of pixels wide.
qreal penWidth(const QRectF &box)
{
    return qMax(1.0, std::round(box.width() / 14.0));
}

} // namespace

namespace PaintedIcon {

QIcon aspectRatio(AspectRatio aspect)
{
    return makeIcon([aspect](QPainter *painter, const QRectF &box, const QColor &ink, QIcon::State) {
        const qreal pen = penWidth(box);
        const QSizeF shape = ratioSize(aspect).scaled(box.size() - QSizeF(pen, pen), Qt::KeepAspectRatio);
        QRectF frame(QPointF(0, 0), shape);
        frame.moveCenter(box.center());
        QColor fill = ink;
        fill.setAlphaF(0.18f);
        painter->setPen(QPen(ink, pen));
        painter->setBrush(fill);
        painter->drawRoundedRect(frame, pen, pen);
    });
}

QIcon dice()
{
    return makeIcon([](QPainter *painter, const QRectF &box, const QColor &ink, QIcon::State) {
        const qreal pen = penWidth(box);
        const QRectF face = box.adjusted(pen, pen, -pen, -pen);
        painter->setPen(QPen(ink, pen));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(face, face.width() * 0.18, face.width() * 0.18);
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        const qreal dot = face.width() * 0.09;
        const QPointF c = face.center();
        const qreal d = face.width() * 0.26;
        for (const QPointF &offset : {QPointF(0, 0), QPointF(-d, -d), QPointF(d, -d), QPointF(-d, d), QPointF(d, d)})
            painter->drawEllipse(c + offset, dot, dot);
    });
}

QIcon lock()
{
    return makeIcon([](QPainter *painter, const QRectF &box, const QColor &ink, QIcon::State state) {
        const qreal pen = penWidth(box);
        const QRectF body(box.left() + box.width() * 0.15, box.top() + box.height() * 0.45, box.width() * 0.7,
                          box.height() * 0.5);
        painter->setPen(QPen(ink, pen * 1.5, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        // The shackle: swung up and to the side when open.
        const qreal shackleWidth = body.width() * 0.6;
        const qreal left = body.center().x() - shackleWidth / 2.0;
        const qreal top = box.top() + box.height() * (state == QIcon::On ? 0.08 : 0.0);
        const qreal lift = state == QIcon::On ? 0.0 : box.height() * 0.02;
        QPainterPath shackle;
        shackle.moveTo(left, body.top());
        shackle.lineTo(left, top + shackleWidth / 2.0 + lift);
        shackle.arcTo(QRectF(left, top + lift, shackleWidth, shackleWidth), 180, -180);
        shackle.lineTo(left + shackleWidth, state == QIcon::On ? body.top() : top + shackleWidth * 0.75 + lift);
        painter->drawPath(shackle);
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        painter->drawRoundedRect(body, pen * 1.5, pen * 1.5);
    });
}

} // namespace PaintedIcon
