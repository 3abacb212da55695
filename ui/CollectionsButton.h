#pragma once

#include <QList>
#include <QToolButton>

#include <functional>

class Library;

// The library's "Collections" button: which takes the view shows (all, or one collection in its order), and what
// can be done with collections: add the selected takes to one (or to a new one), take them out, rename, delete
// (the takes stay), export as a folder. It asks the user through replaceable prompts, so that tests can answer.
class CollectionsButton final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionsButton)

public:
    using AskText = std::function<QString(const QString &title, const QString &label, const QString &initial)>;
    using AskYesNo = std::function<bool(const QString &title, const QString &text)>;
    using AskFolder = std::function<QString(const QString &title)>;

    // selection: the ids of the takes selected in the view, in view order.
    CollectionsButton(Library *library, std::function<QList<qint64>()> selection, QWidget *parent = nullptr);

    qint64 shownCollection() const { return m_shown; } // 0: all takes
    void showCollection(qint64 id);

    // The same as the menu's items, for the keyboard and tests.
    qint64 addSelectionToNewCollection();
    bool addSelectionTo(qint64 collectionId);
    bool removeSelectionFromShown();
    // The title the selected take shows in a presentation of the shown collection (empty: its prompt).
    bool captionSelected();
    bool renameShown();
    bool deleteShown();
    bool exportShown();

    void setAskText(AskText ask) { m_askText = std::move(ask); }
    void setAskYesNo(AskYesNo ask) { m_askYesNo = std::move(ask); }
    void setAskFolder(AskFolder ask) { m_askFolder = std::move(ask); }

Q_SIGNALS:
    void shownCollectionChanged(qint64 id);
    void collectionChanged(); // members or order changed: the view shows them again
    void message(const QString &text);

private:
    void rebuildMenu();
    void updateText();

    Library *m_library;
    std::function<QList<qint64>()> m_selection;
    qint64 m_shown = 0;
    AskText m_askText;
    AskYesNo m_askYesNo;
    AskFolder m_askFolder;
};
