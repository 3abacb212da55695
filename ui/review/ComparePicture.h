#pragma once

#include "media/FrameDecoder.h"

#include <QList>
#include <QRect>
#include <QSize>
#include <QStringList>
#include <QWidget>

// Draws the frames of a compare view: two takes side by side or as a wipe (A left of a draggable divider, B right
// of it), or up to nine in a grid, each picture fitted to its cell without stretching. It only paints what it is
// given and says where each picture goes, so that the decoders can scale to exactly that size.
class ComparePicture final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePicture)

public:
    enum class Layout
    {
        SideBySide,
        Wipe,
        Grid
    };
    Q_ENUM(Layout)

    explicit ComparePicture(QWidget *parent = nullptr);

    // Each take's picture size (to fit it) and label; frames and sizes are index for index.
    void setTakes(const QList<QSize> &sizes, const QStringList &labels);
    void setLabels(const QStringList &labels);
    void setFrames(const QList<DecodedFrame> &frames);
    QList<qint64> shownTimes() const; // the presentation time of each frame painted last, -1 for none

    void setCompareLayout(Layout layout);
    Layout compareLayout() const { return m_layout; }
    // Where the wipe's divider is, from 0 (all B) to 1 (all A).
    void setWipePosition(double position);
    double wipePosition() const { return m_wipe; }
    // One take alone in the whole picture (-1: all of them).
    void setSolo(int index);
    int solo() const { return m_solo; }
    // The take that is heard and rated, outlined.
    void setActive(int index);
    int active() const { return m_active; }
    void setMessage(const QString &text); // shown over the picture (opening, errors); empty hides it

    // Where take index's picture is drawn (empty when it is not shown), in widget coordinates.
    QRect pictureRect(int index) const;
    int takeAt(const QPoint &point) const; // -1 outside every picture's cell

    // Grid shape for count takes: 2 → 2×1, up to 4 → 2×2, up to 6 → 3×2, up to 9 → 3×3.
    static QSize gridShape(int count);

Q_SIGNALS:
    void wipeMoved(double position);
    void takeClicked(int index);
    void picturesResized(); // pictureRect() changed: decoders should scale to the new sizes

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRect cellRect(int index) const;
    static QRect fitted(const QSize &picture, const QRect &cell);
    int dividerX() const;
    bool nearDivider(const QPoint &point) const;
    void paintLabel(QPainter &painter, const QRect &cell, const QString &text, bool right, bool active,
                    int maxWidth = -1);

    QList<QSize> m_sizes;
    QStringList m_labels;
    QList<DecodedFrame> m_frames;
    QString m_message;
    Layout m_layout = Layout::SideBySide;
    double m_wipe = 0.5;
    int m_solo = -1;
    int m_active = 0;
    bool m_draggingDivider = false;
    QPoint m_pressAt;
};
