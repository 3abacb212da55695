#pragma once

#include <QWidget>

class Playlist;
class QLabel;
class QListWidget;

// What the director sees on their own screen during a presentation: the playlist, the take showing and the next
// one with their notes, the ratings given so far and the state of the room's screen (black, captions, looping).
// It only shows; the presentation's keys work in its window as in the client's.
class DirectorView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectorView)

public:
    explicit DirectorView(QWidget *parent = nullptr);

    // Shows the playlist as it is now (current take, ratings, favourites).
    void showPlaylist(const Playlist &playlist);
    // One line on what the client's screen does: "Black screen · Captions on".
    void setStatus(const QString &text);

    QListWidget *list() const { return m_list; }
    QString currentText() const;
    QString nextText() const;
    QString statusText() const;

private:
    QListWidget *m_list = nullptr;
    QLabel *m_current = nullptr;
    QLabel *m_currentNote = nullptr;
    QLabel *m_next = nullptr;
    QLabel *m_nextNote = nullptr;
    QLabel *m_status = nullptr;
};
