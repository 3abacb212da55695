#include "review/DirectorView.h"

#include "review/Playlist.h"

#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString stars(int rating)
{
    return rating > 0 ? QString(rating, QChar(u'\u2605')) : QString();
}

// "3. A grey horse … ★★★ ♥"
QString takeLine(const Playlist &playlist, int index)
{
    if (index < 0)
        return DirectorView::tr("None: this is the last take");
    const PlaylistItem &item = playlist.at(index);
    QStringList parts{u"%1. %2"_s.arg(index + 1).arg(item.caption.isEmpty() ? DirectorView::tr("Take %1").arg(item.id)
                                                                          : item.caption)};
    if (item.rating > 0)
        parts << stars(item.rating);
    if (item.favourite)
        parts << u"\u2665"_s;
    return parts.join(u"  "_s);
}

QLabel *wrappingLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setAccessibleName(name);
    return label;
}

} // namespace

DirectorView::DirectorView(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Presentation: director's view"));
    auto *layout = new QVBoxLayout(this);
    m_status = wrappingLabel(this, tr("Client screen"));
    layout->addWidget(m_status);

    auto *form = new QFormLayout;
    m_current = wrappingLabel(this, tr("Showing"));
    m_currentNote = wrappingLabel(this, tr("Note on the take showing"));
    m_next = wrappingLabel(this, tr("Next"));
    m_nextNote = wrappingLabel(this, tr("Note on the next take"));
    form->addRow(tr("Showing:"), m_current);
    form->addRow(tr("Note:"), m_currentNote);
    form->addRow(tr("Next:"), m_next);
    form->addRow(tr("Note:"), m_nextNote);
    layout->addLayout(form);

    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Playlist"));
    m_list->setFocusPolicy(Qt::NoFocus); // the keys belong to the presentation
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_list, 1);

    auto *keys = wrappingLabel(this, tr("Keys"));
    keys->setText(tr("\u2192 next · \u2190 previous · Space pause · L loop · 1\u20135 rate · 0 clear · F favourite · "
                     "C captions · B black · Esc leave"));
    keys->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(keys);
}

void DirectorView::showPlaylist(const Playlist &playlist)
{
    m_list->clear();
    for (int i = 0; i < playlist.size(); ++i) {
        auto *row = new QListWidgetItem(takeLine(playlist, i), m_list);
        QFont font = row->font();
        font.setBold(i == playlist.current());
        row->setFont(font);
    }
    if (playlist.current() >= 0)
        m_list->scrollToItem(m_list->item(playlist.current()));
    m_current->setText(playlist.current() >= 0 ? takeLine(playlist, playlist.current()) : tr("Nothing to show"));
    m_currentNote->setText(playlist.current() >= 0 ? playlist.at(playlist.current()).note : QString());
    m_next->setText(takeLine(playlist, playlist.next()));
    m_nextNote->setText(playlist.next() >= 0 ? playlist.at(playlist.next()).note : QString());
}

void DirectorView::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString DirectorView::currentText() const
{
    return m_current->text() + u'\n' + m_currentNote->text();
}

QString DirectorView::nextText() const
{
    return m_next->text() + u'\n' + m_nextNote->text();
}

QString DirectorView::statusText() const
{
    return m_status->text();
}
