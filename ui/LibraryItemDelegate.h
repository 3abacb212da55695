#pragma once

#include <QPointer>
#include <QStyledItemDelegate>

class PosterScrubber;

// Paints one generation of the library from LibraryModel's roles: poster, prompt excerpt, date, mode, length,
// resolution, cost, rating stars and favourite heart, as a grid cell or as a list row.
class LibraryItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryItemDelegate)

public:
    explicit LibraryItemDelegate(QObject *parent = nullptr);

    void setGrid(bool grid) { m_grid = grid; }
    // Where a take under the mouse gets its preview frame from, in place of its poster.
    void setScrubber(const PosterScrubber *scrubber) { m_scrubber = scrubber; }
    bool isGrid() const { return m_grid; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // "★★★☆☆": the rating as it is painted.
    static QString starsText(int rating);

private:
    void paintPoster(QPainter *painter, const QRect &box, const QStyleOptionViewItem &option,
                     const QModelIndex &index) const;

    bool m_grid = true;
    QPointer<const PosterScrubber> m_scrubber;
};
