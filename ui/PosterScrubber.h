#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QRect>

class PosterCache;
class QAbstractItemView;
class QTimer;

// Previews takes in a poster grid as review tools do: moving the mouse across a poster scrubs through its clip,
// leaving it brings the poster back. The frames come from a scrub strip per clip (a few frames spread over its
// length), made once off the GUI thread and kept beside the posters; nothing is decoded while the mouse moves.
class PosterScrubber final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PosterScrubber)

public:
    static constexpr int kFrames = 12;

    // clipRole: the model role holding a ready clip's path (empty when there is none). Strips are kept in
    // diskDirectory (empty: memory only).
    PosterScrubber(QAbstractItemView *view, int clipRole, const QString &diskDirectory);
    ~PosterScrubber() override;

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    // What to paint in place of index's poster: the strip and the part of it that is the frame under the mouse.
    // A null image: paint the poster.
    struct Frame
    {
        QImage strip;
        QRect source;
        double position = 0; // 0..1 across the clip, for a progress mark
    };
    Frame frameFor(const QModelIndex &index) const;

    // Scrubs index as if the mouse were at share (0..1) across its cell; a null index stops scrubbing. The mouse
    // does this through the view's viewport; tests and keyboard users may call it directly.
    void scrub(const QModelIndex &index, double share);
    QModelIndex scrubbedIndex() const { return m_index; }
    PosterCache *strips() const { return m_strips; }

Q_SIGNALS:
    void frameChanged(const QModelIndex &index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void requestStrip();
    void forget();
    void repaint(const QModelIndex &index);

    QAbstractItemView *m_view;
    // The view's viewport, whose events are watched. Compared by address only: while the view is being destroyed
    // its viewport still sends events (a Hide), and nothing of the half-destroyed view may be called then.
    QPointer<QWidget> m_viewport;
    int m_clipRole;
    PosterCache *m_strips;
    QTimer *m_dwell; // a strip is only made for a poster the mouse stays on, not for every one it crosses
    QPersistentModelIndex m_index;
    QString m_clip;
    double m_share = 0;
    bool m_enabled = true;
};
