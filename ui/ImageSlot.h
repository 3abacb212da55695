#pragma once

#include "api/ImageSource.h"

#include <QImage>
#include <QList>
#include <QWidget>

#include <memory>

class ElidedLabel;
class QLabel;
class QLineEdit;
class QMimeData;
class QToolButton;
struct ImagePreview;
struct PastedPicture;

// One image input (the first frame, or one reference): takes a dropped or pasted file, a pasted picture, a chosen
// file or a web address, shows a thumbnail with the image's size and format, and says in plain words what is wrong.
class ImageSlot final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageSlot)

public:
    enum class State
    {
        Empty,
        Checking, // the file is being inspected and its thumbnail decoded in the background
        Ready,
        Problem
    };
    // Compact slots (the gallery's) ask for web addresses in a dialog instead of a line of their own.
    enum class Size
    {
        Full,
        Compact
    };

    explicit ImageSlot(ImageRole role, const QString &title, Size size, QWidget *parent = nullptr);
    ~ImageSlot() override;

    QString title() const;
    // What an empty slot says; by default how to put an image in.
    void setPlaceholderText(const QString &text);
    ImageSource source() const { return m_source; }
    // Shows the image and checks it for this slot's role in the background (a file checked before is reused).
    void setSource(const ImageSource &source);
    void clear() { setSource({}); }

    State state() const { return m_state; }
    QString problemText() const; // empty unless state() is Problem
    QString summaryText() const; // "1920 × 1080 px · JPEG · 2.4 MB"
    QString noticeText() const;  // a passing remark about the last thing offered, e.g. that only one was used

    // A managed slot (in a gallery) hands what the user offers or removes to its owner through signals, and lets
    // itself be dragged onto the owner's other slots. ownerKey tells this owner's drags from anyone else's.
    void setManaged(const QByteArray &ownerKey, int index);

    // What a drop or a paste does, public so that every way in (and the tests) take the same path. Returns false
    // when the data holds no image (the slot then says so).
    bool offer(const QMimeData *mime);
    void pasteFromClipboard();
    void chooseFiles();
    void askForWebAddress();

    // The MIME type of a slot being dragged onto another slot: "<owner key>/<index>".
    static QString slotMimeType();
    // What dragging this slot carries: its place in the owner (to reorder) and its file or address (to copy it
    // elsewhere). Null when the slot is empty or not managed.
    std::unique_ptr<QMimeData> dragData() const;

Q_SIGNALS:
    void sourceChanged(); // what the slot holds changed
    void checked();       // the background check of the current image finished (state() is Ready or Problem)
    // Managed slots only:
    void sourcesOffered(const QList<ImageSource> &sources);
    void removeRequested();
    void moveRequested(int fromIndex); // another slot of the same owner was dropped here

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void deliver(const QList<ImageSource> &sources);
    void storePixels(const PastedPicture &picture);
    void applyTypedAddress(const QString &text);
    void requestRemove();
    void applyPreview(const ImagePreview &preview);
    void setNotice(const QString &text);
    void refresh();
    void refreshThumbnail();
    int draggedSlotIndex(const QMimeData *mime) const; // -1 unless mime is one of this owner's other slots

    const ImageRole m_role;
    const Size m_size;
    ImageSource m_source;
    State m_state = State::Empty;
    QString m_problem;
    QString m_summary;
    QString m_notice;
    QString m_conversion; // what is done to the file before it is sent; empty when it goes as it is
    QString m_placeholder;
    QImage m_thumbnail;
    quint64 m_serial = 0;      // bumped on every change, so that a check that finishes late is dropped
    quint64 m_pasteSerial = 0; // likewise for a pasted picture still being saved
    QByteArray m_ownerKey;
    int m_index = -1;
    bool m_dropHover = false;
    QPoint m_pressPos;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_picture = nullptr;
    ElidedLabel *m_nameLabel = nullptr;
    ElidedLabel *m_summaryLabel = nullptr; // Full size only: the compact slot has it in its tooltip
    ElidedLabel *m_conversionLabel = nullptr;
    QLabel *m_problemLabel = nullptr;
    QLabel *m_noticeLabel = nullptr;
    QLineEdit *m_webAddress = nullptr; // Full size only
    QToolButton *m_chooseButton = nullptr;
    QToolButton *m_removeButton = nullptr;
};
