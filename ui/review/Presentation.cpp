#include "review/Presentation.h"

#include "library/Library.h"
#include "review/PresentationWindow.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

#include <algorithm>

PresentationWindow *Presentation::open(Library *library, const Playlist &playlist, QWidget *returnTo)
{
    if (playlist.isEmpty())
        return nullptr;
    auto *window =
        new PresentationWindow(playlist, library ? library->clipsDirectory() : QString(), nullptr);
    window->setAttribute(Qt::WA_DeleteOnClose);
    if (library) {
        QObject::connect(window, &PresentationWindow::ratingChosen, window,
                         [library](qint64 id, int rating) { library->setRating(id, rating); });
        QObject::connect(window, &PresentationWindow::favouriteChosen, window,
                         [library](qint64 id, bool favourite) { library->setFavourite(id, favourite); });
    }
    window->present(nullptr, returnTo);
    return window;
}

QList<int> Presentation::rowsToPresent(const QAbstractItemView *view)
{
    QList<int> rows;
    if (!view || !view->model())
        return rows;
    if (const QItemSelectionModel *selection = view->selectionModel(); selection) {
        for (const QModelIndex &index : selection->selectedRows())
            rows.append(index.row());
    }
    if (rows.size() > 1) {
        std::sort(rows.begin(), rows.end());
        return rows;
    }
    rows.clear();
    const int from = std::max(0, view->currentIndex().row());
    for (int row = from; row < view->model()->rowCount(); ++row)
        rows.append(row);
    return rows;
}
