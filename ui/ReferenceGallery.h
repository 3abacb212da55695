#pragma once

#include "api/ImageSource.h"

#include <QList>
#include <QWidget>

class ImageSlot;
class QLabel;
class QMimeData;
class QPushButton;

// The nine reference images of reference-to-video, labelled "Image 1"…"Image 9" to match [Image N] in prompts.
// Images are kept packed from Image 1 on, so that the numbers the user sees are the numbers the service reads.
class ReferenceGallery final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferenceGallery)

public:
    static constexpr int kSlotCount = 9;

    explicit ReferenceGallery(QWidget *parent = nullptr);

    // One entry per slot up to the last filled one (so indexes are slot numbers less one).
    QList<ImageSource> sources() const;
    // Puts each source in the slot of the same index, gaps included (as a restored request had them).
    void setSources(const QList<ImageSource> &sources);
    int filledCount() const;
    ImageSlot *slotAt(int index) const;

    // What dropping or choosing does: images offered to a filled slot replace it and the slots after it; otherwise
    // they fill the free slots in order. at is the slot they were offered to, or -1 for the gallery as a whole.
    void addSources(const QList<ImageSource> &sources, int at = -1);
    // Moves the image in slot from to slot to; the images between shift over, the labels stay with the positions.
    void moveImage(int from, int to);
    void removeImage(int index);
    void clear();
    // The same as a drop on the gallery outside any slot.
    bool offer(const QMimeData *mime);

    QString noticeText() const;

Q_SIGNALS:
    void sourcesChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QList<ImageSource> packed() const;
    void apply(const QList<ImageSource> &sources);
    void setNotice(const QString &text);
    void refresh();

    QList<ImageSlot *> m_slots;
    QLabel *m_hintLabel = nullptr;
    QLabel *m_noticeLabel = nullptr;
    QLabel *m_gapLabel = nullptr;
    QPushButton *m_clearButton = nullptr;
    bool m_applying = false; // one sourcesChanged for a whole rearrangement, not one per slot
};
