#include "ImageSlot.h"

#include "ElidedLabel.h"

#include "media/ImageMime.h"
#include "media/ImagePreview.h"
#include "UiColors.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QDrag>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHash>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QStandardPaths>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// Thumbnails are decoded to fit this box (device pixels): sharp at 2x in the largest slot, small in memory.
constexpr QSize kThumbnailBox(480, 480);
constexpr QSize kFullPictureSize(128, 96);
constexpr int kCompactPictureHeight = 84;
constexpr int kMaxCompactPictureHeight = 200;
constexpr qsizetype kMaxCachedPreviews = 48;

// Checks already made in this session, so that moving an image between slots or restoring a form is instant. The
// key holds the file's time stamp and size, so an edited file is checked again.
QHash<QString, ImagePreview> &previewCache()
{
    static QHash<QString, ImagePreview> cache;
    return cache;
}

QString cacheKey(ImageRole role, const QString &path)
{
    const QFileInfo info(path);
    return u"%1|%2|%3|%4"_s.arg(QString::number(int(role)), path,
                                QString::number(info.lastModified().toMSecsSinceEpoch()), QString::number(info.size()));
}

QString &lastFolder()
{
    static QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return folder;
}

struct StoredPaste
{
    QString path;
    QString error;
};

} // namespace

ImageSlot::ImageSlot(ImageRole role, const QString &title, Size size, QWidget *parent)
    : QWidget(parent), m_role(role), m_size(size)
{
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setAccessibleName(title);

    // Compact (a gallery's): the picture between the title and the name, in a column. Full: the picture on the
    // left and the rest beside it, so that the slot is no taller than its picture needs.
    auto *frame = new QHBoxLayout(this);
    const int margin = size == Size::Full ? 6 : 5;
    frame->setContentsMargins(margin, margin, margin, margin);
    frame->setSpacing(8);
    auto *layout = new QVBoxLayout;
    layout->setSpacing(4);

    auto *header = new QHBoxLayout;
    header->setSpacing(2);
    m_titleLabel = new QLabel(title, this);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    header->addWidget(m_titleLabel, 1);

    m_chooseButton = new QToolButton(this);
    m_removeButton = new QToolButton(this);
    if (size == Size::Full) {
        m_chooseButton->setText(u"Choose…"_s);
        m_removeButton->setText(u"Remove"_s);
    } else {
        m_chooseButton->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
        m_removeButton->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
        m_chooseButton->setAutoRaise(true);
        m_removeButton->setAutoRaise(true);
    }
    m_chooseButton->setAccessibleName(u"Choose an image for %1"_s.arg(title));
    m_removeButton->setAccessibleName(u"Remove the image from %1"_s.arg(title));
    m_removeButton->setToolTip(u"Remove this image (Delete)"_s);
    // Compact: the buttons share the title's row. Full: they get a row of their own under the name, which
    // keeps the slot narrow enough to stand beside the reference images.
    auto *buttons = size == Size::Full ? new QHBoxLayout : header;
    buttons->addWidget(m_chooseButton);
    buttons->addWidget(m_removeButton);
    layout->addLayout(header);

    m_picture = new QLabel(this);
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setWordWrap(true);
    m_picture->setForegroundRole(QPalette::PlaceholderText);
    m_picture->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    if (size == Size::Full) {
        m_picture->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        m_picture->setFixedSize(kFullPictureSize);
        auto *pictureColumn = new QVBoxLayout;
        pictureColumn->addWidget(m_picture);
        pictureColumn->addStretch(1);
        frame->addLayout(pictureColumn);
    } else {
        m_picture->setFixedHeight(kCompactPictureHeight);
        layout->addWidget(m_picture);
    }
    frame->addLayout(layout, 1);

    // The name and the summary take one line each, elided: a long file name never widens the form.
    m_nameLabel = new ElidedLabel(this);
    m_nameLabel->setObjectName(u"imageName"_s);
    layout->addWidget(m_nameLabel);
    // What Paddock will do to the file before sending it (a GIF's first frame, CMYK to RGB…), said in the slot.
    m_conversionLabel = new ElidedLabel(this);
    m_conversionLabel->setObjectName(u"imageConversion"_s);
    m_conversionLabel->setForegroundRole(QPalette::PlaceholderText);
    if (size == Size::Full) {
        m_summaryLabel = new ElidedLabel(this);
        m_summaryLabel->setObjectName(u"imageSummary"_s);
        m_summaryLabel->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(m_summaryLabel);
    }
    layout->addWidget(m_conversionLabel);

    m_problemLabel = new QLabel(this);
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setObjectName(u"problem"_s);
    m_problemLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_problemLabel);

    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_noticeLabel);

    if (size == Size::Full) {
        buttons->addStretch(1);
        layout->addLayout(buttons);
        m_webAddress = new QLineEdit(this);
        m_webAddress->setPlaceholderText(u"…or type an image's web address (https://…) and press Enter"_s);
        m_webAddress->setAccessibleName(u"Web address for %1"_s.arg(title));
        m_webAddress->setClearButtonEnabled(true);
        layout->addWidget(m_webAddress);
        connect(m_webAddress, &QLineEdit::returnPressed, this, [this] {
            applyTypedAddress(m_webAddress->text());
            m_webAddress->clear();
        });
    }
    layout->addStretch(1);

    connect(m_chooseButton, &QToolButton::clicked, this, &ImageSlot::chooseFiles);
    connect(m_removeButton, &QToolButton::clicked, this, &ImageSlot::requestRemove);
    refresh();
}

ImageSlot::~ImageSlot() = default;

QString ImageSlot::title() const
{
    return m_titleLabel->text();
}

void ImageSlot::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    refresh();
}

QString ImageSlot::problemText() const
{
    return m_state == State::Problem ? m_problem : QString();
}

QString ImageSlot::summaryText() const
{
    return m_summary;
}

QString ImageSlot::noticeText() const
{
    return m_notice;
}

QString ImageSlot::slotMimeType()
{
    return u"application/x-paddock-image-slot"_s;
}

std::unique_ptr<QMimeData> ImageSlot::dragData() const
{
    if (m_ownerKey.isEmpty() || m_source.isEmpty())
        return nullptr;
    auto mime = std::make_unique<QMimeData>();
    mime->setData(slotMimeType(), m_ownerKey + '/' + QByteArray::number(m_index));
    mime->setUrls({m_source.isLocalFile() ? QUrl::fromLocalFile(m_source.path) : m_source.url});
    return mime;
}

void ImageSlot::setManaged(const QByteArray &ownerKey, int index)
{
    m_ownerKey = ownerKey;
    m_index = index;
}

void ImageSlot::setSource(const ImageSource &source)
{
    const bool changed = source != m_source;
    ++m_serial;
    m_source = source;
    m_thumbnail = {};
    m_problem.clear();
    m_summary.clear();
    m_conversion.clear();
    if (changed)
        m_notice.clear();

    switch (source.kind) {
    case ImageSource::Kind::None:
        m_state = State::Empty;
        break;
    case ImageSource::Kind::Url:
        // A web image is fetched by the service, not by Paddock: only the address itself can be judged here.
        m_problem = urlProblem(source.url);
        m_state = m_problem.isEmpty() ? State::Ready : State::Problem;
        m_summary = m_problem.isEmpty() ? u"Web image: the service downloads it when the video is made."_s : QString();
        break;
    case ImageSource::Kind::LocalFile: {
        const QString key = cacheKey(m_role, source.path);
        if (const auto cached = previewCache().constFind(key); cached != previewCache().cend()) {
            applyPreview(*cached);
            break;
        }
        m_state = State::Checking;
        auto *watcher = new QFutureWatcher<ImagePreview>(this);
        const quint64 serial = m_serial;
        connect(watcher, &QFutureWatcher<ImagePreview>::finished, this, [this, watcher, serial, key] {
            watcher->deleteLater();
            const ImagePreview preview = watcher->result();
            if (previewCache().size() >= kMaxCachedPreviews)
                previewCache().clear();
            previewCache().insert(key, preview);
            if (serial != m_serial)
                return; // the slot holds something else by now
            applyPreview(preview);
            refresh();
            Q_EMIT checked();
        });
        watcher->setFuture(QtConcurrent::run(&previewImage, source.path, m_role, kThumbnailBox));
        break;
    }
    }
    refresh();
    if (changed)
        Q_EMIT sourceChanged();
    if (m_state != State::Checking)
        Q_EMIT checked();
}

void ImageSlot::applyPreview(const ImagePreview &preview)
{
    m_thumbnail = preview.thumbnail;
    m_summary = preview.summary;
    m_conversion = preview.notice;
    m_problem = preview.problemText();
    m_state = m_problem.isEmpty() ? State::Ready : State::Problem;
}

bool ImageSlot::offer(const QMimeData *mime)
{
    const OfferedImages offered = offeredImages(mime);
    if (!offered.sources.isEmpty()) {
        deliver(offered.sources);
        return true;
    }
    if (!offered.picture.isNull()) {
        storePixels(offered.picture);
        return true;
    }
    setNotice(u"There is no image there. Copy an image, an image file or an image's web address, then paste "
              "again."_s);
    return false;
}

void ImageSlot::deliver(const QList<ImageSource> &sources)
{
    if (sources.isEmpty())
        return;
    ++m_pasteSerial; // whatever was still being pasted is superseded
    if (!m_ownerKey.isEmpty()) {
        Q_EMIT sourcesOffered(sources);
        return;
    }
    setSource(sources.constFirst());
    if (sources.size() > 1)
        setNotice(u"Only the first of the %1 images was used: a video starts from one frame."_s.arg(sources.size()));
}

void ImageSlot::storePixels(const PastedPicture &picture)
{
    setNotice(u"Saving the pasted picture…"_s);
    const quint64 serial = ++m_pasteSerial;
    auto *watcher = new QFutureWatcher<StoredPaste>(this);
    connect(watcher, &QFutureWatcher<StoredPaste>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial != m_pasteSerial)
            return;
        const StoredPaste stored = watcher->result();
        setNotice(stored.error);
        if (stored.error.isEmpty())
            deliver({ImageSource::fromFile(stored.path)});
    });
    const QString folder = PastedPictures::directory();
    watcher->setFuture(QtConcurrent::run([picture, folder] {
        StoredPaste stored;
        stored.path = PastedPictures::store(picture, folder, &stored.error);
        return stored;
    }));
}

void ImageSlot::applyTypedAddress(const QString &text)
{
    const QString typed = text.trimmed();
    if (typed.isEmpty())
        return;
    QMimeData mime;
    mime.setText(typed);
    const OfferedImages offered = offeredImages(&mime);
    // Anything that is not an address or a file is kept as typed, so that the slot can say what is wrong with it.
    deliver(offered.sources.isEmpty() ? QList<ImageSource>{ImageSource::fromUrl(QUrl(typed))} : offered.sources);
}

void ImageSlot::pasteFromClipboard()
{
    offer(QApplication::clipboard()->mimeData());
}

void ImageSlot::chooseFiles()
{
    const QString filter = u"Images (*.jpg *.jpeg *.png *.webp);;All files (*)"_s;
    const QString caption = u"Choose an image for %1"_s.arg(title());
    QStringList files;
    if (m_ownerKey.isEmpty()) {
        const QString file = QFileDialog::getOpenFileName(this, caption, lastFolder(), filter);
        if (!file.isEmpty())
            files << file;
    } else {
        files = QFileDialog::getOpenFileNames(this, u"Choose reference images"_s, lastFolder(), filter);
    }
    if (files.isEmpty())
        return;
    lastFolder() = QFileInfo(files.constFirst()).absolutePath();
    QList<ImageSource> sources;
    for (const QString &file : std::as_const(files))
        sources << ImageSource::fromFile(file);
    deliver(sources);
}

void ImageSlot::askForWebAddress()
{
    bool ok = false;
    const QString current = m_source.isUrl() ? m_source.url.toString() : QString();
    const QString text =
        QInputDialog::getText(this, u"Use a web image for %1"_s.arg(title()), u"The image's web address (https://…):"_s,
                              QLineEdit::Normal, current, &ok);
    if (ok)
        applyTypedAddress(text);
}

void ImageSlot::requestRemove()
{
    if (m_source.isEmpty())
        return;
    if (!m_ownerKey.isEmpty())
        Q_EMIT removeRequested();
    else
        clear();
}

void ImageSlot::setNotice(const QString &text)
{
    m_notice = text;
    refresh();
}

void ImageSlot::refresh()
{
    const bool filled = !m_source.isEmpty();
    if (m_size == Size::Full) {
        m_chooseButton->setText(filled ? u"Replace…"_s : u"Choose…"_s);
        m_chooseButton->setToolTip(filled ? u"Replace this image with a file from this computer"_s
                                          : u"Choose an image file from this computer"_s);
    } else {
        m_chooseButton->setToolTip(filled ? u"Replace this image with a file (you can choose several)"_s
                                          : u"Choose image files (several fill the next free slots)"_s);
    }
    m_removeButton->setEnabled(filled);
    // The address line is a way to fill the slot; once filled, "Use a web address…" in the menu replaces it.
    if (m_webAddress)
        m_webAddress->setVisible(!filled);

    if (!m_thumbnail.isNull()) {
        refreshThumbnail();
    } else {
        m_picture->setPixmap({});
        QString placeholder;
        switch (m_state) {
        case State::Empty:
            if (!m_placeholder.isEmpty())
                placeholder = m_placeholder;
            else
                placeholder = m_size == Size::Full ? u"Drop an image here, paste it (Ctrl+V) or choose a file"_s
                                                   : u"Drop or paste an image"_s;
            break;
        case State::Checking:
            placeholder = u"Checking…"_s;
            break;
        case State::Ready:
        case State::Problem:
            placeholder = m_source.isUrl() ? u"Web image\n%1"_s.arg(m_source.url.host()) : m_source.displayName();
            break;
        }
        m_picture->setText(placeholder);
    }

    const QString name = filled ? m_source.displayName() : QString();
    const QString howTo =
        u"Drop an image here, paste one with Ctrl+V, or click to choose a file. Right-click for more."_s;
    QStringList tip{howTo};
    if (filled)
        tip = QStringList{name, m_summary, howTo};
    tip.removeAll(QString());
    setToolTip(tip.join(u'\n'));
    m_nameLabel->setText(name);
    m_nameLabel->setVisible(filled);
    if (m_summaryLabel) {
        m_summaryLabel->setText(m_summary.section(u'\n', 0, 0));
        m_summaryLabel->setVisible(filled && !m_summary.isEmpty());
    }
    m_conversionLabel->setText(m_conversion);
    m_conversionLabel->setVisible(filled && !m_conversion.isEmpty());
    m_problemLabel->setStyleSheet(UiColors::problemStyle(palette()));
    m_problemLabel->setText(problemText());
    m_problemLabel->setVisible(!problemText().isEmpty());
    m_noticeLabel->setText(m_notice);
    m_noticeLabel->setVisible(!m_notice.isEmpty());

    QString description;
    switch (m_state) {
    case State::Empty:
        description = u"Empty"_s;
        break;
    case State::Checking:
        description = u"Checking %1"_s.arg(name);
        break;
    case State::Ready:
        description = name + u", "_s + m_summary;
        break;
    case State::Problem:
        description = name + u": "_s + m_problem;
        break;
    }
    setAccessibleDescription(description);
    update();
}

void ImageSlot::refreshThumbnail()
{
    if (m_thumbnail.isNull())
        return;
    const qreal ratio = devicePixelRatioF();
    const QSize box = m_picture->contentsRect().size() * ratio;
    if (box.isEmpty())
        return;
    QPixmap pixmap = QPixmap::fromImage(m_thumbnail.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    pixmap.setDevicePixelRatio(ratio);
    m_picture->setPixmap(pixmap);
}

void ImageSlot::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    QColor border = pal.color(QPalette::Mid);
    qreal width = 1.0;
    Qt::PenStyle style = m_source.isEmpty() ? Qt::DashLine : Qt::SolidLine;
    QBrush fill = Qt::NoBrush;
    if (m_state == State::Problem) {
        border = UiColors::problem(pal);
        width = 2.0;
    }
    if (hasFocus() || m_dropHover) {
        border = pal.color(QPalette::Highlight);
        width = 2.0;
        style = Qt::SolidLine;
    }
    if (m_dropHover) {
        QColor tint = pal.color(QPalette::Highlight);
        tint.setAlphaF(0.15f);
        fill = tint;
    }
    painter.setPen(QPen(border, width, style));
    painter.setBrush(fill);
    painter.drawRoundedRect(QRectF(rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2), 6, 6);
}

void ImageSlot::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_size == Size::Compact) {
        // A wider slot shows a larger picture, landscape photos at about their shape; the height only follows
        // the width, so this settles at once.
        const int height = qBound(kCompactPictureHeight, event->size().width() * 4 / 5, kMaxCompactPictureHeight);
        if (height != m_picture->height())
            m_picture->setFixedHeight(height);
    }
    refreshThumbnail();
}

void ImageSlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refresh();
}

void ImageSlot::keyPressEvent(QKeyEvent *event)
{
    // Keys typed into the slot's own line edit bubble up here too: they are not meant for the slot.
    if (!hasFocus()) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (event->matches(QKeySequence::Paste)) {
        pasteFromClipboard();
        return;
    }
    const bool plain = event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier;
    if (plain && (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) && !m_source.isEmpty()) {
        requestRemove();
        return;
    }
    if (plain && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space)) {
        chooseFiles();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ImageSlot::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *paste = menu.addAction(u"Paste image"_s, this, &ImageSlot::pasteFromClipboard);
    paste->setShortcut(QKeySequence::Paste);
    paste->setEnabled(mayOfferImages(QApplication::clipboard()->mimeData()));
    menu.addAction(m_source.isEmpty() ? u"Choose file…"_s : u"Replace with file…"_s, this, &ImageSlot::chooseFiles);
    menu.addAction(u"Use a web address…"_s, this, &ImageSlot::askForWebAddress);
    menu.addSeparator();
    QAction *remove = menu.addAction(u"Remove"_s, this, &ImageSlot::requestRemove);
    remove->setShortcut(QKeySequence::Delete);
    remove->setEnabled(!m_source.isEmpty());
    menu.exec(event->globalPos());
}

void ImageSlot::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_pressPos = event->position().toPoint();
    QWidget::mousePressEvent(event);
}

void ImageSlot::mouseMoveEvent(QMouseEvent *event)
{
    // Only a gallery's slots are dragged: to reorder them, or to copy one onto the first frame.
    if (!(event->buttons() & Qt::LeftButton) || m_ownerKey.isEmpty() || m_source.isEmpty() ||
        (event->position().toPoint() - m_pressPos).manhattanLength() < QApplication::startDragDistance()) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    auto *drag = new QDrag(this);
    drag->setMimeData(dragData().release());
    if (!m_thumbnail.isNull()) {
        const qreal ratio = devicePixelRatioF();
        QPixmap pixmap = QPixmap::fromImage(
            m_thumbnail.scaled(QSize(96, 96) * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        pixmap.setDevicePixelRatio(ratio);
        drag->setPixmap(pixmap);
    }
    m_pressPos = event->position().toPoint();
    drag->exec(Qt::MoveAction | Qt::CopyAction, Qt::MoveAction);
}

void ImageSlot::mouseReleaseEvent(QMouseEvent *event)
{
    // A click on an empty slot is the quickest way to the file dialog.
    if (event->button() == Qt::LeftButton && m_source.isEmpty() && rect().contains(event->position().toPoint()) &&
        (event->position().toPoint() - m_pressPos).manhattanLength() < QApplication::startDragDistance()) {
        chooseFiles();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

int ImageSlot::draggedSlotIndex(const QMimeData *mime) const
{
    if (m_ownerKey.isEmpty() || !mime || !mime->hasFormat(slotMimeType()))
        return -1;
    const QByteArray payload = mime->data(slotMimeType());
    const qsizetype slash = payload.lastIndexOf('/');
    if (slash < 0 || payload.left(slash) != m_ownerKey)
        return -1;
    bool ok = false;
    const int index = payload.mid(slash + 1).toInt(&ok);
    return ok ? index : -1;
}

void ImageSlot::dragEnterEvent(QDragEnterEvent *event)
{
    const int from = draggedSlotIndex(event->mimeData());
    if (from >= 0 ? from != m_index : mayOfferImages(event->mimeData())) {
        if (from >= 0)
            event->setDropAction(Qt::MoveAction);
        else
            event->acceptProposedAction();
        event->accept();
        m_dropHover = true;
        update();
    } else {
        event->ignore();
    }
}

void ImageSlot::dragMoveEvent(QDragMoveEvent *event)
{
    // Accepted in dragEnterEvent for the whole widget.
    event->accept();
}

void ImageSlot::dragLeaveEvent(QDragLeaveEvent *event)
{
    m_dropHover = false;
    update();
    QWidget::dragLeaveEvent(event);
}

void ImageSlot::dropEvent(QDropEvent *event)
{
    m_dropHover = false;
    update();
    const int from = draggedSlotIndex(event->mimeData());
    if (from >= 0) {
        if (from == m_index) {
            event->ignore();
            return;
        }
        event->setDropAction(Qt::MoveAction);
        event->accept();
        Q_EMIT moveRequested(from);
        return;
    }
    if (offer(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}
