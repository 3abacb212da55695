#pragma once

#include <QColor>
#include <QFont>
#include <QPointer>
#include <QSize>
#include <QStyle>
#include <QStyledItemDelegate>

class PosterScrubber;

// Paints one generation of the library from LibraryModel's roles: poster, prompt excerpt, date, length and
// resolution, cost, rating stars and favourite heart, as a grid tile or as a list row.
class LibraryItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryItemDelegate)

public:
    // The poster box of a grid tile is 16:9 and between these heights; the view picks one that fits its height.
    static constexpr int kMinPosterHeight = 54;
    static constexpr int kMaxPosterHeight = 108;

    explicit LibraryItemDelegate(QObject *parent = nullptr);

    void setGrid(bool grid) { m_grid = grid; }
    bool isGrid() const { return m_grid; }
    void setPosterHeight(int height);
    int posterHeight() const { return m_posterHeight; }
    // Where a take under the mouse gets its preview frame from, in place of its poster.
    void setScrubber(const PosterScrubber *scrubber);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // "★★★☆☆": the rating as it is painted.
    static QString starsText(int rating);

    // A grid tile in font with a poster posterHeight tall: wide enough that no date, cost, length or rating is
    // ever cut short, whatever the locale writes them as.
    static QSize gridTileSize(const QFont &font, int posterHeight);

    // The texts of a grid tile as they are painted in a tile tileWidth wide, each cut with "…" where it has no room
    // (in a tile as wide as gridTileSize, only the prompt ever is).
    struct Caption
    {
        QString prompt;   // first line, bold, elided with "…"
        QString cost;     // first line, right: "$0.70", "est. $0.70"
        QString date;     // second line: "Today 06:53"
        QString stars;    // second line, right: "★★★☆☆", empty when not rated
        QString settings; // a badge on the poster: "5 s · 720P"
        QString state;    // a badge on the poster for a generation without a clip: "Failed"
        bool favourite = false;
    };
    static Caption gridCaption(const QModelIndex &index, const QFont &font, int tileWidth);

    // The colours a cell's text is painted in, over background (filled with it when fill is set: a selected cell).
    struct Colours
    {
        QColor background;
        QColor text;
        QColor muted;
        bool fill = false;
    };
    static Colours colours(const QPalette &palette, QStyle::State state);

private:
    void paintPoster(QPainter *painter, const QRect &box, const QStyleOptionViewItem &option,
                     const QModelIndex &index) const;
    void paintGrid(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                   const Colours &colours) const;
    void paintList(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                   const Colours &colours) const;

    bool m_grid = true;
    int m_posterHeight = kMaxPosterHeight;
    QPointer<const PosterScrubber> m_scrubber;
};
