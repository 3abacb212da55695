#pragma once

#include <QList>

class Library;
class Playlist;
class PresentationWindow;
class QAbstractItemView;
class QWidget;

// Opening a presentation from the app: the window, full screen, with the director's ratings and favourites
// recorded in the library as they are given.
namespace Presentation {

// Opens playlist full screen on returnTo's screen (deleted when it is left); returnTo gets its state and focus back
// afterwards. library may be null (nothing is recorded). Null when the playlist is empty.
PresentationWindow *open(Library *library, const Playlist &playlist, QWidget *returnTo);

// The takes to present from a library list: the selected rows when several are, else every row shown, from the
// current one on (a slide show starts where the director is).
QList<int> rowsToPresent(const QAbstractItemView *view);

} // namespace Presentation
