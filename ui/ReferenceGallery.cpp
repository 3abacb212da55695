#include "ReferenceGallery.h"

#include "ImageSlot.h"
#include "media/ImageMime.h"

#include <QDropEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ReferenceGallery::ReferenceGallery(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    setAccessibleName(u"Reference images"_s);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *header = new QHBoxLayout;
    auto *title = new QLabel(u"<b>Reference images</b>"_s, this);
    header->addWidget(title, 1);
    m_clearButton = new QPushButton(u"Clear all"_s, this);
    m_clearButton->setAccessibleName(u"Clear all reference images"_s);
    m_clearButton->setToolTip(u"Remove every reference image"_s);
    header->addWidget(m_clearButton);
    layout->addLayout(header);

    auto *hint = new QLabel(u"Optional. Name them in the prompt as [Image 1], [Image 2]…; drag one onto another "
                            "to renumber."_s,
                            this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(hint);
    m_hintLabel = hint;
    // What just happened to the images is said here, above the slots, where the user is looking; it stands in
    // for the hint while it shows.
    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(u"galleryNotice"_s);
    m_noticeLabel->setAccessibleName(u"Reference images notice"_s);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont bold = m_noticeLabel->font();
    bold.setBold(true);
    m_noticeLabel->setFont(bold);
    layout->addWidget(m_noticeLabel);

    auto *grid = new QGridLayout;
    grid->setSpacing(6);
    // A key unique to this gallery, so that a slot dragged from another window is treated as a plain file drop.
    const QByteArray ownerKey = QByteArray::number(quintptr(this), 16);
    for (int i = 0; i < kSlotCount; ++i) {
        auto *slot = new ImageSlot(ImageRole::Reference, u"Image %1"_s.arg(i + 1), ImageSlot::Size::Compact, this);
        slot->setManaged(ownerKey, i);
        grid->addWidget(slot, i / 3, i % 3);
        m_slots << slot;
        connect(slot, &ImageSlot::sourcesOffered, this,
                [this, i](const QList<ImageSource> &sources) { addSources(sources, i); });
        connect(slot, &ImageSlot::removeRequested, this, [this, i] { removeImage(i); });
        connect(slot, &ImageSlot::moveRequested, this, [this, i](int from) { moveImage(from, i); });
        connect(slot, &ImageSlot::sourceChanged, this, [this] {
            if (!m_applying) {
                refresh();
                Q_EMIT sourcesChanged();
            }
        });
    }
    for (int column = 0; column < 3; ++column)
        grid->setColumnStretch(column, 1);
    layout->addLayout(grid);

    m_gapLabel = new QLabel(u"Empty slots are skipped when sending, so an image after a gap is read as a lower "
                            "number. Drag images up to close the gaps."_s,
                            this);
    m_gapLabel->setWordWrap(true);
    m_gapLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_gapLabel);

    connect(m_clearButton, &QPushButton::clicked, this, &ReferenceGallery::clear);
    refresh();
}

QList<ImageSource> ReferenceGallery::sources() const
{
    QList<ImageSource> list;
    for (const ImageSlot *slot : m_slots)
        list << slot->source();
    while (!list.isEmpty() && list.constLast().isEmpty())
        list.removeLast();
    return list;
}

void ReferenceGallery::setSources(const QList<ImageSource> &sources)
{
    setNotice({});
    apply(sources);
}

int ReferenceGallery::filledCount() const
{
    return int(packed().size());
}

ImageSlot *ReferenceGallery::slotAt(int index) const
{
    return m_slots.value(index);
}

QList<ImageSource> ReferenceGallery::packed() const
{
    QList<ImageSource> list;
    for (const ImageSlot *slot : m_slots) {
        if (!slot->source().isEmpty())
            list << slot->source();
    }
    return list;
}

void ReferenceGallery::apply(const QList<ImageSource> &sources)
{
    const QList<ImageSource> before = this->sources();
    m_applying = true;
    for (int i = 0; i < kSlotCount; ++i)
        m_slots.at(i)->setSource(sources.value(i));
    m_applying = false;
    refresh();
    if (this->sources() != before)
        Q_EMIT sourcesChanged();
}

void ReferenceGallery::addSources(const QList<ImageSource> &sources, int at)
{
    if (sources.isEmpty())
        return;
    QList<ImageSource> slots = this->sources();
    slots.resize(kSlotCount);
    // Offered to a filled slot, images replace it and the slots after it: what the user pointed at changes, and
    // Ctrl+Z brings the old ones back. Anywhere else they fill the free slots in order.
    if (at >= 0 && at < kSlotCount && !slots.at(at).isEmpty()) {
        const qsizetype placed = qMin<qsizetype>(sources.size(), kSlotCount - at);
        for (qsizetype i = 0; i < placed; ++i)
            slots[at + i] = sources.at(i);
        const qsizetype left = sources.size() - placed;
        if (placed == 1 && left == 0)
            setNotice({});
        else if (left == 0)
            setNotice(u"Images %1 to %2 were replaced (Ctrl+Z to undo)."_s.arg(at + 1).arg(at + placed));
        else
            setNotice(u"Images %1 to 9 were replaced; %2 more did not fit, as there are nine slots (Ctrl+Z to "
                      "undo)."_s.arg(at + 1).arg(left));
        apply(slots);
        return;
    }
    qsizetype placed = 0;
    for (int i = 0; i < kSlotCount && placed < sources.size(); ++i) {
        if (slots.at(i).isEmpty())
            slots[i] = sources.at(placed++);
    }
    const qsizetype left = sources.size() - placed;
    if (left == 0)
        setNotice({});
    else if (placed == 0)
        setNotice(u"All nine slots are full. To replace images, drop or choose them on the first slot to "
                  "replace."_s);
    else
        setNotice(u"%1 of the images did not fit: there are nine slots. Drop or choose them on a slot to replace "
                  "it and the ones after it."_s.arg(left));
    apply(slots);
}

void ReferenceGallery::moveImage(int from, int to)
{
    QList<ImageSource> slots = this->sources();
    if (from < 0 || from >= slots.size() || slots.at(from).isEmpty() || to < 0 || to >= kSlotCount || from == to)
        return;
    slots.resize(kSlotCount);
    const ImageSource moving = slots.takeAt(from);
    // Dropped past the last image, it becomes the last one rather than leaving a gap before it.
    const qsizetype lastFilled = sources().size() - 1;
    slots.insert(qMin<qsizetype>(to, lastFilled), moving);
    setNotice({});
    apply(slots);
}

void ReferenceGallery::removeImage(int index)
{
    QList<ImageSource> slots = this->sources();
    if (index < 0 || index >= slots.size())
        return;
    // The later images move up, so that the numbers stay without gaps.
    slots.removeAt(index);
    QList<ImageSource> closed;
    for (const ImageSource &source : std::as_const(slots)) {
        if (!source.isEmpty())
            closed << source;
    }
    setNotice({});
    apply(closed);
}

void ReferenceGallery::clear()
{
    setNotice({});
    apply({});
}

bool ReferenceGallery::offer(const QMimeData *mime)
{
    // The first free slot takes it, so that pasted pixels are saved and every source goes through the same path.
    for (ImageSlot *slot : std::as_const(m_slots)) {
        if (slot->source().isEmpty())
            return slot->offer(mime);
    }
    setNotice(u"All nine slots are full. To replace an image, paste or drop onto it."_s);
    return false;
}

QString ReferenceGallery::noticeText() const
{
    return m_noticeLabel->text();
}

void ReferenceGallery::setNotice(const QString &text)
{
    m_noticeLabel->setText(text);
    m_noticeLabel->setVisible(!text.isEmpty());
    m_hintLabel->setVisible(text.isEmpty());
}

void ReferenceGallery::refresh()
{
    const QList<ImageSource> list = sources();
    m_clearButton->setEnabled(!list.isEmpty());
    m_gapLabel->setVisible(list.size() != packed().size());
}

void ReferenceGallery::dragEnterEvent(QDragEnterEvent *event)
{
    if (mayOfferImages(event->mimeData()) && !event->mimeData()->hasFormat(ImageSlot::slotMimeType()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void ReferenceGallery::dragMoveEvent(QDragMoveEvent *event)
{
    event->accept();
}

void ReferenceGallery::dropEvent(QDropEvent *event)
{
    if (offer(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}
