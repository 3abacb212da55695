#include "review/Playlist.h"

#include <algorithm>
#include <utility>

Playlist::Playlist(QList<PlaylistItem> items) : m_items(std::move(items)), m_current(m_items.isEmpty() ? -1 : 0)
{
}

int Playlist::clamped(int index) const
{
    return m_items.isEmpty() ? -1 : std::clamp(index, 0, size() - 1);
}

bool Playlist::setCurrent(int index)
{
    index = clamped(index);
    if (index == m_current)
        return false;
    m_current = index;
    return true;
}

int Playlist::indexOf(qint64 id) const
{
    for (int i = 0; i < size(); ++i) {
        if (m_items.at(i).id == id)
            return i;
    }
    return -1;
}

void Playlist::setRating(int index, int rating)
{
    if (index >= 0 && index < size())
        m_items[index].rating = std::clamp(rating, 0, 5);
}

void Playlist::setFavourite(int index, bool favourite)
{
    if (index >= 0 && index < size())
        m_items[index].favourite = favourite;
}
