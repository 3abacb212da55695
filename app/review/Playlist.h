#pragma once

#include <QList>
#include <QString>

// One take as a presentation shows it.
struct PlaylistItem
{
    qint64 id = 0;     // the library's id: what ratings and favourites are recorded against
    QString clipPath;  // the clip on disk
    QString caption;   // shown under the picture when captions are on (the take's title, or its prompt)
    QString note;      // the director's note, never shown to the client
    int rating = 0;    // 0-5
    bool favourite = false;
};

// The takes of a presentation and which one is showing: the order, the moves of a slide show and what the
// director gave each take. Moves stop at the ends (no wrapping): a cut past the last take would surprise a room.
class Playlist final
{
public:
    Playlist() = default;
    explicit Playlist(QList<PlaylistItem> items);

    const QList<PlaylistItem> &items() const { return m_items; }
    int size() const { return int(m_items.size()); }
    bool isEmpty() const { return m_items.isEmpty(); }
    const PlaylistItem &at(int index) const { return m_items.at(index); }
    // -1 when empty.
    int current() const { return m_current; }
    // The take a cut forward would show, -1 at the last one.
    int next() const { return m_current + 1 < size() ? m_current + 1 : -1; }
    int previous() const { return m_current > 0 ? m_current - 1 : -1; }
    // The index a move lands on: clamped into the list, -1 when it is empty.
    int clamped(int index) const;
    // Moves to index (clamped); false when that is where it already was.
    bool setCurrent(int index);

    // Indexes of the item with this library id, -1 when none.
    int indexOf(qint64 id) const;
    void setRating(int index, int rating);
    void setFavourite(int index, bool favourite);

private:
    QList<PlaylistItem> m_items;
    int m_current = -1;
};
