#include "CollectionsButton.h"

#include "Ask.h"
#include "library/CollectionExport.h"
#include "library/Library.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>

using namespace Qt::StringLiterals;

CollectionsButton::CollectionsButton(Library *library, std::function<QList<qint64>()> selection, QWidget *parent)
    : QToolButton(parent), m_library(library), m_selection(std::move(selection))
{
    setObjectName(u"collections"_s);
    setAccessibleName(u"Collections"_s);
    setToolTip(u"Show a collection, or gather the selected takes into one for a review"_s);
    setPopupMode(QToolButton::InstantPopup);
    setMenu(new QMenu(this));
    connect(menu(), &QMenu::aboutToShow, this, &CollectionsButton::rebuildMenu);
    m_askText = [this](const QString &title, const QString &label, const QString &initial) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, title, label, QLineEdit::Normal, initial, &ok);
        return ok ? text : QString();
    };
    m_askYesNo = [this](const QString &title, const QString &text) { return askYesNo(this, title, text); };
    m_askFolder = [this](const QString &title) { return QFileDialog::getExistingDirectory(this, title); };
    updateText();
}

void CollectionsButton::showCollection(qint64 id)
{
    if (id != 0 && !m_library->collection(id))
        id = 0;
    if (id == m_shown)
        return;
    m_shown = id;
    updateText();
    Q_EMIT shownCollectionChanged(id);
}

void CollectionsButton::updateText()
{
    const auto shown = m_shown ? m_library->collection(m_shown) : std::nullopt;
    // The name is user text of any length: the button is never wider than when it says "Collections", so that the
    // toolbar fits a narrow pane whatever is shown; the full name is in the tooltip.
    const QString all = u"Collections"_s;
    setText(shown ? fontMetrics().elidedText(shown->name, Qt::ElideRight, fontMetrics().horizontalAdvance(all)) : all);
    setToolTip(shown ? u"Showing the collection “%1”, in its order"_s.arg(shown->name)
                     : u"Show a collection, or gather the selected takes into one for a review"_s);
}

void CollectionsButton::rebuildMenu()
{
    QMenu *m = menu();
    m->clear();
    const QList<LibraryCollection> all = m_library->collections();
    auto *group = new QActionGroup(m);
    QAction *everything = m->addAction(u"All takes"_s, this, [this] { showCollection(0); });
    everything->setCheckable(true);
    everything->setChecked(m_shown == 0);
    group->addAction(everything);
    for (const LibraryCollection &collection : all) {
        QAction *show = m->addAction(u"%1 (%2)"_s.arg(collection.name).arg(collection.count), this,
                                     [this, id = collection.id] { showCollection(id); });
        show->setCheckable(true);
        show->setChecked(collection.id == m_shown);
        group->addAction(show);
    }
    m->addSeparator();
    const bool selected = !m_selection().isEmpty();
    QMenu *add = m->addMenu(u"Add selected to"_s);
    add->setEnabled(selected);
    add->addAction(u"New collection…"_s, this, &CollectionsButton::addSelectionToNewCollection);
    if (!all.isEmpty())
        add->addSeparator();
    for (const LibraryCollection &collection : all)
        add->addAction(collection.name, this, [this, id = collection.id] { addSelectionTo(id); });
    if (m_shown) {
        m->addAction(u"Remove selected from this collection"_s, this, &CollectionsButton::removeSelectionFromShown)
            ->setEnabled(selected);
        m->addAction(u"Caption for the presentation…"_s, this, &CollectionsButton::captionSelected)
            ->setEnabled(m_selection().size() == 1);
        m->addSeparator();
        m->addAction(u"Rename this collection…"_s, this, &CollectionsButton::renameShown);
        m->addAction(u"Export this collection…"_s, this, &CollectionsButton::exportShown);
        m->addAction(u"Delete this collection…"_s, this, &CollectionsButton::deleteShown);
    }
}

qint64 CollectionsButton::addSelectionToNewCollection()
{
    const QString name = m_askText(u"New collection"_s, u"Name, e.g. “Client X — round 2”:"_s, QString());
    if (name.trimmed().isEmpty())
        return 0;
    QString error;
    const qint64 id = m_library->createCollection(name, &error);
    if (id == 0) {
        Q_EMIT message(error);
        return 0;
    }
    return addSelectionTo(id) ? id : 0;
}

bool CollectionsButton::addSelectionTo(qint64 collectionId)
{
    const QList<qint64> ids = m_selection();
    const auto collection = m_library->collection(collectionId);
    if (ids.isEmpty() || !collection)
        return false;
    QString error;
    const int added = m_library->addToCollection(collectionId, ids, &error);
    if (added < 0) {
        Q_EMIT message(error);
        return false;
    }
    Q_EMIT message(added == 0 ? u"Already in “%1”."_s.arg(collection->name)
                              : u"%1 added to “%2”."_s.arg(added == 1 ? u"1 take"_s : u"%1 takes"_s.arg(added),
                                                             collection->name));
    if (collectionId == m_shown)
        Q_EMIT collectionChanged();
    return true;
}

bool CollectionsButton::removeSelectionFromShown()
{
    const QList<qint64> ids = m_selection();
    if (!m_shown || ids.isEmpty())
        return false;
    QString error;
    if (!m_library->removeFromCollection(m_shown, ids, &error)) {
        Q_EMIT message(error);
        return false;
    }
    Q_EMIT collectionChanged();
    return true;
}

bool CollectionsButton::captionSelected()
{
    const QList<qint64> ids = m_selection();
    if (!m_shown || ids.size() != 1)
        return false;
    QString current;
    for (const CollectionItem &item : m_library->collectionItems(m_shown)) {
        if (item.entry.job.id == ids.constFirst())
            current = item.caption;
    }
    const QString caption = m_askText(u"Caption"_s,
                                      u"Title shown under this take when presenting (empty: its prompt):"_s, current);
    if (caption == current || !m_library->setCaption(m_shown, ids.constFirst(), caption))
        return false;
    Q_EMIT message(caption.trimmed().isEmpty() ? u"The take is titled by its prompt again."_s
                                               : u"Caption saved."_s);
    return true;
}

bool CollectionsButton::renameShown()
{
    const auto shown = m_shown ? m_library->collection(m_shown) : std::nullopt;
    if (!shown)
        return false;
    const QString name = m_askText(u"Rename collection"_s, u"New name:"_s, shown->name);
    if (name.trimmed().isEmpty() || name == shown->name)
        return false;
    QString error;
    if (!m_library->renameCollection(m_shown, name, &error)) {
        Q_EMIT message(error);
        return false;
    }
    updateText();
    return true;
}

bool CollectionsButton::deleteShown()
{
    const auto shown = m_shown ? m_library->collection(m_shown) : std::nullopt;
    if (!shown || !m_askYesNo(u"Delete collection"_s,
                              u"Delete the collection “%1”? Its takes stay in the library."_s.arg(shown->name)))
        return false;
    QString error;
    if (!m_library->removeCollection(m_shown, &error)) {
        Q_EMIT message(error);
        return false;
    }
    showCollection(0);
    return true;
}

bool CollectionsButton::exportShown()
{
    const auto shown = m_shown ? m_library->collection(m_shown) : std::nullopt;
    if (!shown)
        return false;
    const QString folder = m_askFolder(u"Export “%1” into a folder"_s.arg(shown->name));
    if (folder.isEmpty())
        return false;
    QString error;
    if (!CollectionExport::exportTo(folder, shown->name, m_library->collectionItems(m_shown), &error)) {
        Q_EMIT message(error);
        return false;
    }
    Q_EMIT message(u"“%1” exported to %2."_s.arg(shown->name, folder));
    return true;
}
