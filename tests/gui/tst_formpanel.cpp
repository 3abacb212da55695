// The playground form: what it sends, when it refuses, and how images get into it.
#include "AspectRatioButtons.h"
#include "DurationPicker.h"
#include "FormPanel.h"
#include "ImageSlot.h"
#include "ModeChoiceBox.h"
#include "PromptEditor.h"
#include "ReferenceGallery.h"
#include "SeedEditor.h"
#include "TestImages.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QGraphicsEffect>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

class TstFormPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void typingAPromptEnablesGenerate();
    void costFollowsResolutionAndDuration();
    void sliderAndSpinBoxStayInStep();
    void droppedFileFillsFirstFrame();
    void severalDroppedFilesFillReferencesInOrder();
    void droppedOnTheGalleryFillsFreeSlots();
    void tooSmallImageShowsProblemAndBlocksGenerate();
    void corruptImageShowsProblemAndBlocksGenerate();
    void typedAddressIsChecked();
    void bothKindsOfImageNeedAModeChoice();
    void aspectIsDisabledInImageToVideo();
    void draggingOneReferenceOntoAnotherReorders();
    void removingAReferenceClosesTheGap();
    void imageChangesUndoWithCtrlZ();
    void severalImagesOnAFilledSlotReplaceFromThere();
    void aDimmedFirstFrameCanBeRemoved();
    void threeTakesShowTheTotal();
    void ctrlEnterEmitsTheRequestAndTakes();
    void ctrlEnterWaitsForTheImageCheck();
    void ctrlEnterDoesNothingWhenNotSendable();
    void unlockedSeedIsClearedAfterGenerate();
    void setRequestRoundTrips();
    void promptCounterUsesTheChineseLimit();
    void pastedPictureBecomesAFile();

private:
    QString writeImage(const QString &name, QSize size, const char *format = "PNG", int hue = 200);
    QString writeBytes(const QString &name, const QByteArray &bytes);
    static void drop(QWidget *target, const QMimeData &mime);
    static void dropFiles(QWidget *target, const QStringList &paths);

    QPushButton *generateButton() const { return m_panel->findChild<QPushButton *>(u"generateButton"_s); }
    QLabel *label(const QString &name) const { return m_panel->findChild<QLabel *>(name); }
    PromptEditor *prompt() const { return m_panel->findChild<PromptEditor *>(); }
    ImageSlot *firstFrame() const { return m_panel->findChild<ImageSlot *>(u"firstFrame"_s); }
    ReferenceGallery *gallery() const { return m_panel->findChild<ReferenceGallery *>(); }
    void typePrompt(const QString &text) { QTest::keyClicks(prompt()->editor(), text); }

    QTemporaryDir m_data; // XDG_DATA_HOME: where pasted pictures are kept
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FormPanel> m_panel;
};

void TstFormPanel::initTestCase()
{
    QVERIFY(m_data.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_data.path()));
}

void TstFormPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_panel = std::make_unique<FormPanel>();
    m_panel->resize(520, 1400);
}

void TstFormPanel::cleanup()
{
    m_panel.reset();
    m_dir.reset();
}

QString TstFormPanel::writeImage(const QString &name, QSize size, const char *format, int hue)
{
    return writeBytes(name, TestImages::encoded(size, format, hue));
}

QString TstFormPanel::writeBytes(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write a test image");
    return path;
}

void TstFormPanel::drop(QWidget *target, const QMimeData &mime)
{
    // As a real drag does: the widget must take the drag when it enters before it gets the drop.
    const QPoint at(target->width() / 2, target->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent event(QPointF(at), enter.dropAction(), &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &event);
    QVERIFY(event.isAccepted());
}

void TstFormPanel::dropFiles(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    drop(target, mime);
}

void TstFormPanel::typingAPromptEnablesGenerate()
{
    QVERIFY(!generateButton()->isEnabled());
    QVERIFY(label(u"reason"_s)->text().contains(u"Write a prompt"_s));
    QSignalSpy changed(m_panel.get(), &FormPanel::requestChanged);

    typePrompt(u"A fox in the snow"_s);
    QTRY_VERIFY(generateButton()->isEnabled());
    QVERIFY(label(u"reason"_s)->text().isEmpty());
    QCOMPARE(m_panel->request().prompt, u"A fox in the snow"_s);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(prompt()->counterText(), u"17 / 5,000"_s);

    // Only spaces is no prompt at all.
    prompt()->setText(u"   "_s);
    QTRY_VERIFY(!generateButton()->isEnabled());
}

void TstFormPanel::costFollowsResolutionAndDuration()
{
    QLabel *cost = label(u"costLine"_s);
    QCOMPARE(cost->text(), u"5 s at 720P — $0.70"_s);

    m_panel->findChild<QToolButton *>(u"resolution1080P"_s)->click();
    QCOMPARE(m_panel->request().resolution, Pricing::Resolution::P1080);
    QCOMPARE(cost->text(), u"5 s at 1080P — $0.90"_s);

    m_panel->findChild<DurationPicker *>()->spinBox()->setValue(15);
    QCOMPARE(cost->text(), u"15 s at 1080P — $2.70"_s);

    m_panel->findChild<QToolButton *>(u"resolution720P"_s)->click();
    QCOMPARE(cost->text(), u"15 s at 720P — $2.10"_s);
}

void TstFormPanel::sliderAndSpinBoxStayInStep()
{
    auto *duration = m_panel->findChild<DurationPicker *>();
    QSlider *slider = duration->slider();
    QSpinBox *spin = duration->spinBox();
    QCOMPARE(slider->minimum(), 3);
    QCOMPARE(slider->maximum(), 15);
    QCOMPARE(spin->minimum(), 3);
    QCOMPARE(spin->maximum(), 15);

    slider->setValue(12);
    QCOMPARE(spin->value(), 12);
    QCOMPARE(m_panel->request().durationSeconds, 12);

    spin->setValue(4);
    QCOMPARE(slider->value(), 4);
    QCOMPARE(m_panel->request().durationSeconds, 4);

    QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(spin->value(), 5);
    QCOMPARE(label(u"costLine"_s)->text(), u"5 s at 720P — $0.70"_s);

    // The spin box cannot go below what the service accepts.
    spin->setValue(1);
    QCOMPARE(spin->value(), 3);
    QCOMPARE(slider->value(), 3);
}

void TstFormPanel::droppedFileFillsFirstFrame()
{
    const QString path = writeImage(u"frame.png"_s, QSize(640, 480));
    typePrompt(u"A fox"_s);
    dropFiles(firstFrame(), {path});

    QCOMPARE(m_panel->request().firstFrame, ImageSource::fromFile(path));
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Ready);
    QVERIFY2(firstFrame()->summaryText().startsWith(u"640 × 480 px · PNG"_s), qPrintable(firstFrame()->summaryText()));
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Image → video"_s);
    QTRY_VERIFY(generateButton()->isEnabled());

    // Several files on the first frame: the first is used and the slot says so.
    const QString other = writeImage(u"other.jpg"_s, QSize(800, 600), "JPEG");
    dropFiles(firstFrame(), {other, path});
    QCOMPARE(m_panel->request().firstFrame, ImageSource::fromFile(other));
    QVERIFY(firstFrame()->noticeText().contains(u"Only the first of the 2"_s));

    // The thumbnail is upright: EXIF orientation is applied.
    const QString rotated = writeBytes(u"rotated.jpg"_s, TestImages::jpegWithExifOrientation6(QSize(600, 400)));
    dropFiles(firstFrame(), {rotated});
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Ready);
    QVERIFY2(firstFrame()->summaryText().startsWith(u"400 × 600 px · JPEG"_s), qPrintable(firstFrame()->summaryText()));
}

void TstFormPanel::severalDroppedFilesFillReferencesInOrder()
{
    const QString a = writeImage(u"a.png"_s, QSize(500, 500), "PNG", 10);
    const QString b = writeImage(u"b.jpg"_s, QSize(600, 450), "JPEG", 100);
    const QString c = writeImage(u"c.png"_s, QSize(450, 700), "PNG", 250);
    typePrompt(u"[Image 1] meets [Image 2] and [Image 3]"_s);

    // Dropped on the fifth slot, they still fill the free slots from the first, in the order given.
    dropFiles(gallery()->slotAt(4), {a, b, c});
    const QList<ImageSource> expected{ImageSource::fromFile(a), ImageSource::fromFile(b), ImageSource::fromFile(c)};
    QCOMPARE(m_panel->request().references, expected);
    QCOMPARE(gallery()->slotAt(0)->title(), u"Image 1"_s);
    QCOMPARE(gallery()->slotAt(8)->title(), u"Image 9"_s);
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE(gallery()->slotAt(i)->state(), ImageSlot::State::Ready);
    QCOMPARE(gallery()->slotAt(3)->state(), ImageSlot::State::Empty);
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Reference → video"_s);
    QTRY_VERIFY(generateButton()->isEnabled());

    // One file on a filled slot replaces it.
    const QString d = writeImage(u"d.png"_s, QSize(500, 400), "PNG", 300);
    dropFiles(gallery()->slotAt(1), {d});
    QCOMPARE(m_panel->request().references.at(1), ImageSource::fromFile(d));
    QCOMPARE(m_panel->request().references.size(), 3);

    // More than fit: the gallery says how many were left out.
    QStringList many;
    for (int i = 0; i < 8; ++i)
        many << writeImage(u"many%1.png"_s.arg(i), QSize(420, 420), "PNG", i * 40);
    dropFiles(gallery(), many);
    QCOMPARE(m_panel->request().references.size(), 9);
    QCOMPARE(m_panel->request().references.at(3), ImageSource::fromFile(many.at(0)));
    QVERIFY2(gallery()->noticeText().contains(u"2 of the images did not fit"_s), qPrintable(gallery()->noticeText()));

    for (QPushButton *button : m_panel->findChildren<QPushButton *>()) {
        if (button->text() == u"Clear all"_s)
            button->click();
    }
    QVERIFY(m_panel->request().references.isEmpty());
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Text → video"_s);
}

void TstFormPanel::droppedOnTheGalleryFillsFreeSlots()
{
    const QString a = writeImage(u"a.png"_s, QSize(500, 500));
    const QString b = writeImage(u"b.png"_s, QSize(500, 500), "PNG", 90);
    dropFiles(gallery(), {a});
    dropFiles(gallery(), {b});
    const QList<ImageSource> expected{ImageSource::fromFile(a), ImageSource::fromFile(b)};
    QCOMPARE(m_panel->request().references, expected);
}

void TstFormPanel::tooSmallImageShowsProblemAndBlocksGenerate()
{
    typePrompt(u"A fox"_s);
    QTRY_VERIFY(generateButton()->isEnabled());

    const QString small = writeImage(u"small.png"_s, QSize(200, 200));
    dropFiles(firstFrame(), {small});
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Problem);
    QVERIFY2(firstFrame()->problemText().contains(u"at least 300 px"_s), qPrintable(firstFrame()->problemText()));
    QVERIFY(firstFrame()->findChild<QLabel *>(u"problem"_s)->isVisibleTo(m_panel.get()));
    QTRY_VERIFY(!generateButton()->isEnabled());
    const QString reason = label(u"reason"_s)->text();
    QVERIFY2(reason.startsWith(u"First frame: "_s) && reason.contains(u"300 px"_s), qPrintable(reason));

    // 350 px is enough for a first frame but not for a reference (400 px on the short side).
    const QString medium = writeImage(u"medium.png"_s, QSize(350, 350));
    firstFrame()->clear();
    dropFiles(gallery(), {medium});
    QTRY_COMPARE(gallery()->slotAt(0)->state(), ImageSlot::State::Problem);
    QVERIFY(gallery()->slotAt(0)->problemText().contains(u"400 px"_s));
    QTRY_VERIFY(label(u"reason"_s)->text().startsWith(u"Reference image 1: "_s));
    QVERIFY(!generateButton()->isEnabled());

    // Taking the bad image away makes the form sendable again.
    gallery()->removeImage(0);
    QTRY_VERIFY(generateButton()->isEnabled());
}

void TstFormPanel::corruptImageShowsProblemAndBlocksGenerate()
{
    typePrompt(u"A fox"_s);
    QByteArray cut = TestImages::encoded(QSize(800, 600), "PNG");
    cut.truncate(40); // the signature and part of the header, then nothing
    const QString corrupt = writeBytes(u"corrupt.png"_s, cut);
    dropFiles(firstFrame(), {corrupt});
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Problem);
    QVERIFY2(firstFrame()->problemText().contains(u"could not be read as an image"_s),
             qPrintable(firstFrame()->problemText()));
    QTRY_VERIFY(!generateButton()->isEnabled());
    QVERIFY(label(u"reason"_s)->text().contains(u"could not be read"_s));

    // A BMP (named .gif) is not refused: it is converted, and the slot says so.
    const QString gif = writeImage(u"picture.gif"_s, QSize(600, 600), "BMP");
    dropFiles(firstFrame(), {gif});
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Ready);
    QVERIFY2(firstFrame()->summaryText().contains(u"BMP — will be sent as"_s), qPrintable(firstFrame()->summaryText()));
}

void TstFormPanel::typedAddressIsChecked()
{
    typePrompt(u"A fox"_s);
    auto *address = firstFrame()->findChild<QLineEdit *>();
    QVERIFY(address);
    address->setText(u"ftp://example.com/fox.png"_s);
    QTest::keyClick(address, Qt::Key_Return);
    QCOMPARE(firstFrame()->state(), ImageSlot::State::Problem);
    QVERIFY(firstFrame()->problemText().contains(u"http:// or https://"_s));
    QTRY_VERIFY(!generateButton()->isEnabled());

    address->setText(u"https://example.com/fox.png"_s);
    QTest::keyClick(address, Qt::Key_Return);
    QCOMPARE(m_panel->request().firstFrame, ImageSource::fromUrl(QUrl(u"https://example.com/fox.png"_s)));
    QCOMPARE(firstFrame()->state(), ImageSlot::State::Ready);
    QTRY_VERIFY(generateButton()->isEnabled());
}

void TstFormPanel::bothKindsOfImageNeedAModeChoice()
{
    typePrompt(u"A fox"_s);
    dropFiles(firstFrame(), {writeImage(u"frame.png"_s, QSize(640, 480))});
    dropFiles(gallery(), {writeImage(u"ref.png"_s, QSize(500, 500))});
    auto *choice = m_panel->findChild<ModeChoiceBox *>();
    QVERIFY(choice->isVisibleTo(m_panel.get()));
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Choose a mode"_s);
    QTRY_VERIFY(label(u"reason"_s)->text().contains(u"Choose image-to-video or reference-to-video"_s));
    QVERIFY(!generateButton()->isEnabled());

    choice->referenceButton()->click();
    QTRY_VERIFY(generateButton()->isEnabled());
    QCOMPARE(m_panel->request().modeChoice, GenerationRequest::ModeChoice::ReferenceToVideo);
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Reference → video"_s);
    QVERIFY(firstFrame()->graphicsEffect()->isEnabled()); // dimmed: it will not be sent
    QVERIFY(!gallery()->graphicsEffect()->isEnabled());

    choice->imageButton()->click();
    QTRY_VERIFY(generateButton()->isEnabled());
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Image → video"_s);
    QVERIFY(!firstFrame()->graphicsEffect()->isEnabled());
    QVERIFY(gallery()->graphicsEffect()->isEnabled());

    // Once the conflict is gone and comes back, the user is asked again.
    gallery()->clear();
    QVERIFY(!choice->isVisibleTo(m_panel.get()));
    QCOMPARE(m_panel->request().modeChoice, GenerationRequest::ModeChoice::Auto);
    dropFiles(gallery(), {writeImage(u"ref2.png"_s, QSize(500, 500))});
    QTRY_VERIFY(!generateButton()->isEnabled());
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Choose a mode"_s);
}

void TstFormPanel::aspectIsDisabledInImageToVideo()
{
    auto *aspect = m_panel->findChild<AspectRatioButtons *>();
    QLabel *note = label(u"aspectNote"_s);
    QVERIFY(aspect->isEnabled());
    QVERIFY(!note->isVisibleTo(m_panel.get()));

    aspect->button(AspectRatio::R9x16)->click();
    QCOMPARE(m_panel->request().aspect, AspectRatio::R9x16);

    dropFiles(firstFrame(), {writeImage(u"frame.png"_s, QSize(640, 480))});
    QVERIFY(!aspect->isEnabled());
    QVERIFY(note->isVisibleTo(m_panel.get()));
    QCOMPARE(note->text(), u"The first frame sets the shape."_s);

    firstFrame()->clear();
    QVERIFY(aspect->isEnabled());
    QVERIFY(!note->isVisibleTo(m_panel.get()));
    QCOMPARE(m_panel->request().aspect, AspectRatio::R9x16); // kept for when it matters again
}

void TstFormPanel::draggingOneReferenceOntoAnotherReorders()
{
    const QString a = writeImage(u"a.png"_s, QSize(500, 500), "PNG", 10);
    const QString b = writeImage(u"b.png"_s, QSize(500, 500), "PNG", 120);
    const QString c = writeImage(u"c.png"_s, QSize(500, 500), "PNG", 240);
    dropFiles(gallery(), {a, b, c});
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE(gallery()->slotAt(i)->state(), ImageSlot::State::Ready);

    // What a drag of Image 1 carries, dropped on Image 3: it moves there and the others move up.
    const std::unique_ptr<QMimeData> dragged = gallery()->slotAt(0)->dragData();
    QVERIFY(dragged);
    drop(gallery()->slotAt(2), *dragged);
    QList<ImageSource> expected{ImageSource::fromFile(b), ImageSource::fromFile(c), ImageSource::fromFile(a)};
    QCOMPARE(m_panel->request().references, expected);
    QCOMPARE(gallery()->slotAt(2)->title(), u"Image 3"_s);            // the labels stay with the positions
    QCOMPARE(gallery()->slotAt(2)->state(), ImageSlot::State::Ready); // the check made before is reused

    // Dropped past the last image, it becomes the last rather than leaving a gap.
    drop(gallery()->slotAt(7), *gallery()->slotAt(0)->dragData());
    expected = {ImageSource::fromFile(c), ImageSource::fromFile(a), ImageSource::fromFile(b)};
    QCOMPARE(m_panel->request().references, expected);

    // The same drag onto the first frame copies the file there.
    drop(firstFrame(), *gallery()->slotAt(1)->dragData());
    QCOMPARE(m_panel->request().firstFrame, ImageSource::fromFile(a));
    QCOMPARE(m_panel->request().references, expected);
}

void TstFormPanel::removingAReferenceClosesTheGap()
{
    const QString a = writeImage(u"a.png"_s, QSize(500, 500), "PNG", 10);
    const QString b = writeImage(u"b.png"_s, QSize(500, 500), "PNG", 120);
    const QString c = writeImage(u"c.png"_s, QSize(500, 500), "PNG", 240);
    dropFiles(gallery(), {a, b, c});
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    gallery()->slotAt(1)->setFocus();
    QTRY_VERIFY(gallery()->slotAt(1)->hasFocus());
    QTest::keyClick(gallery()->slotAt(1), Qt::Key_Delete);
    const QList<ImageSource> expected{ImageSource::fromFile(a), ImageSource::fromFile(c)};
    QCOMPARE(m_panel->request().references, expected);
}

void TstFormPanel::imageChangesUndoWithCtrlZ()
{
    QStringList files;
    for (int i = 0; i < 3; ++i)
        files << writeImage(u"undo%1.png"_s.arg(i), QSize(500, 500), "PNG", 60 * i);
    dropFiles(gallery(), files);
    const QList<ImageSource> three = m_panel->request().references;
    QCOMPARE(three.size(), 3);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));

    // "Clear all", then Ctrl+Z with the focus on a slot: the three come back, in order; Ctrl+Shift+Z clears again.
    gallery()->findChild<QPushButton *>()->click();
    QVERIFY(m_panel->request().references.isEmpty());
    gallery()->slotAt(0)->setFocus();
    QTRY_VERIFY(gallery()->slotAt(0)->hasFocus());
    const QKeyCombination undo = m_panel->undoImageAction()->shortcut()[0];
    QTest::keyClick(gallery()->slotAt(0), undo.key(), undo.keyboardModifiers());
    QCOMPARE(m_panel->request().references, three);
    const QKeyCombination redo = m_panel->redoImageAction()->shortcut()[0];
    QTest::keyClick(gallery()->slotAt(0), redo.key(), redo.keyboardModifiers());
    QVERIFY(m_panel->request().references.isEmpty());
    QVERIFY(m_panel->undoImageChange());
    QCOMPARE(m_panel->request().references, three);

    // A reorder and a removal undo one at a time.
    gallery()->moveImage(2, 0);
    gallery()->removeImage(1);
    QVERIFY(m_panel->undoImageChange());
    QCOMPARE(m_panel->request().references, (QList<ImageSource>{three[2], three[0], three[1]}));
    QVERIFY(m_panel->undoImageChange());
    QCOMPARE(m_panel->request().references, three);

    // In the prompt box, Ctrl+Z is the text's own undo: the images stay.
    typePrompt(u"A fox"_s);
    QTest::keyClick(prompt()->editor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_panel->request().references, three);
}

void TstFormPanel::severalImagesOnAFilledSlotReplaceFromThere()
{
    QStringList nine;
    for (int i = 0; i < 9; ++i)
        nine << writeImage(u"full%1.png"_s.arg(i), QSize(500, 500), "PNG", 30 * i);
    dropFiles(gallery(), nine);
    QCOMPARE(gallery()->filledCount(), 9);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    const QString x = writeImage(u"x.png"_s, QSize(500, 500), "PNG", 5);
    const QString y = writeImage(u"y.png"_s, QSize(500, 500), "PNG", 15);
    // Chosen (or dropped) on slot 7 of a full gallery: slots 7 and 8 are replaced, said above the slots.
    gallery()->addSources({ImageSource::fromFile(x), ImageSource::fromFile(y)}, 6);
    const QList<ImageSource> now = m_panel->request().references;
    QCOMPARE(now.size(), 9);
    QCOMPARE(now.at(6), ImageSource::fromFile(x));
    QCOMPARE(now.at(7), ImageSource::fromFile(y));
    QCOMPARE(now.at(8), ImageSource::fromFile(nine.at(8)));
    QVERIFY2(gallery()->noticeText().contains(u"Images 7 to 8 were replaced"_s), qPrintable(gallery()->noticeText()));
    // The notice stands above the slots, in the hint's place.
    auto *notice = gallery()->findChild<QLabel *>(u"galleryNotice"_s);
    QVERIFY(notice && notice->isVisibleTo(gallery()));
    QVERIFY(notice->y() < gallery()->slotAt(0)->y());
    QVERIFY(m_panel->undoImageChange());
    QCOMPARE(m_panel->request().references.at(6), ImageSource::fromFile(nine.at(6)));
}

void TstFormPanel::aDimmedFirstFrameCanBeRemoved()
{
    typePrompt(u"A fox"_s);
    dropFiles(firstFrame(), {writeImage(u"frame2.png"_s, QSize(640, 480))});
    dropFiles(gallery(), {writeImage(u"ref3.png"_s, QSize(500, 500))});
    m_panel->findChild<ModeChoiceBox *>()->referenceButton()->click();
    QVERIFY(firstFrame()->graphicsEffect()->isEnabled()); // dimmed
    QToolButton *remove = nullptr;
    for (QToolButton *button : firstFrame()->findChildren<QToolButton *>()) {
        if (button->accessibleName() == u"Remove the image from First frame"_s)
            remove = button;
    }
    QVERIFY(remove);
    QVERIFY(remove->isEnabled());
    remove->click();
    QVERIFY(firstFrame()->source().isEmpty());
    QVERIFY(!firstFrame()->graphicsEffect()->isEnabled());
}

void TstFormPanel::threeTakesShowTheTotal()
{
    QLabel *total = label(u"takesTotal"_s);
    QVERIFY(!total->isVisibleTo(m_panel.get()));
    auto *takes = m_panel->findChild<QSpinBox *>(u"takes"_s);
    QCOMPARE(takes->minimum(), 1);
    QCOMPARE(takes->maximum(), 8);

    takes->setValue(3);
    QCOMPARE(m_panel->takes(), 3);
    QVERIFY(total->isVisibleTo(m_panel.get()));
    QCOMPARE(total->text(), u"3 takes — $2.10"_s);
    QCOMPARE(generateButton()->text(), u"Generate 3 takes"_s);

    m_panel->findChild<QToolButton *>(u"resolution1080P"_s)->click();
    QCOMPARE(total->text(), u"3 takes — $2.70"_s);

    takes->setValue(1);
    QVERIFY(!total->isVisibleTo(m_panel.get()));
}

void TstFormPanel::ctrlEnterEmitsTheRequestAndTakes()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QSignalSpy generated(m_panel.get(), &FormPanel::generateRequested);

    m_panel->focusPrompt();
    QTRY_VERIFY(prompt()->editor()->hasFocus());
    typePrompt(u"A fox in the snow"_s);
    m_panel->findChild<DurationPicker *>()->setValue(8);
    m_panel->findChild<QToolButton *>(u"resolution1080P"_s)->click();
    m_panel->findChild<QSpinBox *>(u"takes"_s)->setValue(3);
    m_panel->findChild<SeedEditor *>()->setSeed(42);
    m_panel->findChild<SeedEditor *>()->setLocked(true);
    const GenerationRequest expected = m_panel->request();

    QTest::keyClick(prompt()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(generated.count(), 1);
    const auto request = generated.at(0).at(0).value<GenerationRequest>();
    QCOMPARE(request, expected);
    QCOMPARE(request.prompt, u"A fox in the snow"_s);
    QCOMPARE(request.durationSeconds, 8);
    QCOMPARE(request.resolution, Pricing::Resolution::P1080);
    QCOMPARE(request.seed, std::optional<qint64>(42));
    QCOMPARE(generated.at(0).at(1).toInt(), 3);
    QVERIFY2(!prompt()->editor()->toPlainText().contains(u'\n'), "Ctrl+Enter must not type a new line");

    // The keypad's Enter and a focus elsewhere in the window work too; a locked seed stays.
    m_panel->findChild<DurationPicker *>()->spinBox()->setFocus();
    QTest::keyClick(m_panel->findChild<DurationPicker *>()->spinBox(), Qt::Key_Enter,
                    Qt::ControlModifier | Qt::KeypadModifier);
    QCOMPARE(generated.count(), 2);
    QCOMPARE(m_panel->request().seed, std::optional<qint64>(42));
}

void TstFormPanel::ctrlEnterWaitsForTheImageCheck()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QSignalSpy generated(m_panel.get(), &FormPanel::generateRequested);
    typePrompt(u"A fox"_s);
    const QString path = writeImage(u"frame.jpg"_s, QSize(1280, 720), "JPEG");
    dropFiles(firstFrame(), {path});
    // Pressed before the image's check has come back: sent once it says the request may go.
    m_panel->generate();
    QVERIFY(generated.count() == 1 || generated.wait());
    QCOMPARE(generated.count(), 1);
    QCOMPARE(generated.at(0).at(0).value<GenerationRequest>().firstFrame, ImageSource::fromFile(path));

    // And not at all when the check says no.
    generated.clear();
    dropFiles(firstFrame(), {writeImage(u"tiny.png"_s, QSize(100, 100))});
    m_panel->generate();
    QTRY_VERIFY(!generateButton()->isEnabled());
    QCOMPARE(generated.count(), 0);
}

void TstFormPanel::ctrlEnterDoesNothingWhenNotSendable()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QSignalSpy generated(m_panel.get(), &FormPanel::generateRequested);
    m_panel->focusPrompt();
    QTRY_VERIFY(prompt()->editor()->hasFocus());
    QTest::keyClick(prompt()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(generated.count(), 0);
    typePrompt(u"A fox"_s);
    QTest::keyClick(prompt()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(generated.count(), 1);
}

void TstFormPanel::unlockedSeedIsClearedAfterGenerate()
{
    QSignalSpy generated(m_panel.get(), &FormPanel::generateRequested);
    typePrompt(u"A fox"_s);
    auto *seed = m_panel->findChild<SeedEditor *>();
    seed->rollDice();
    const std::optional<qint64> rolled = m_panel->request().seed;
    QVERIFY(rolled.has_value());
    QVERIFY(*rolled >= 0 && *rolled <= GenerationRequest::kMaxSeed);
    QVERIFY(!seed->isLocked());

    m_panel->generate();
    QCOMPARE(generated.count(), 1);
    QCOMPARE(generated.at(0).at(0).value<GenerationRequest>().seed, rolled); // this one used it
    QCOMPARE(m_panel->request().seed, std::nullopt);                         // the next one is random

    // An out-of-range seed is explained, not sent.
    seed->setSeed(GenerationRequest::kMaxSeed + 1);
    QTRY_VERIFY(!generateButton()->isEnabled());
    QVERIFY(label(u"reason"_s)->text().startsWith(u"Seed: "_s));
}

void TstFormPanel::setRequestRoundTrips()
{
    const QString frame = writeImage(u"frame.png"_s, QSize(640, 480));
    const QString a = writeImage(u"a.png"_s, QSize(500, 500));
    GenerationRequest full;
    full.prompt = u"[Image 1] walks\nthrough rain"_s;
    full.negativePrompt = u"blur"_s;
    full.resolution = Pricing::Resolution::P1080;
    full.durationSeconds = 12;
    full.aspect = AspectRatio::R3x4;
    full.promptExtend = true;
    full.watermark = true;
    full.seed = 1234;
    full.firstFrame = ImageSource::fromFile(frame);
    full.references = {ImageSource::fromFile(a), ImageSource::fromUrl(QUrl(u"https://example.com/b.png"_s))};
    full.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;

    QSignalSpy changed(m_panel.get(), &FormPanel::requestChanged);
    m_panel->setRequest(full);
    QCOMPARE(m_panel->request(), full);
    QCOMPARE(changed.count(), 1); // one change for the whole form, not one per control
    QCOMPARE(m_panel->findChild<DurationPicker *>()->slider()->value(), 12);
    QVERIFY(m_panel->findChild<AspectRatioButtons *>()->button(AspectRatio::R3x4)->isChecked());
    QVERIFY(m_panel->findChild<ModeChoiceBox *>()->referenceButton()->isChecked());
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Reference → video"_s);
    QCOMPARE(label(u"costLine"_s)->text(), u"12 s at 1080P — $2.16"_s);
    QTRY_VERIFY(generateButton()->isEnabled());

    // A reference list with a gap keeps its positions.
    GenerationRequest gap;
    gap.prompt = u"x"_s;
    gap.references = {ImageSource(), ImageSource::fromFile(a)};
    m_panel->setRequest(gap);
    QCOMPARE(m_panel->request(), gap);

    const GenerationRequest plain;
    m_panel->setRequest(plain);
    QCOMPARE(m_panel->request(), plain);
    QCOMPARE(label(u"modeBadge"_s)->text(), u"Text → video"_s);
    QTRY_VERIFY(!generateButton()->isEnabled());
}

void TstFormPanel::promptCounterUsesTheChineseLimit()
{
    prompt()->setText(u"一只狐狸在雪中奔跑"_s);
    QCOMPARE(prompt()->counterText(), u"9 / 2,500 (Chinese)"_s);

    // Over the limit: a warning (the service truncates), so Generate stays available.
    prompt()->setText(QString(2501, QChar(0x72D0)));
    QCOMPARE(prompt()->counterText(), u"2,501 / 2,500 (Chinese)"_s);
    QTRY_VERIFY(generateButton()->isEnabled());
    QVERIFY(label(u"reason"_s)->text().contains(u"only the first 2,500"_s));

    prompt()->setText(QString(5000, u'a'));
    QCOMPARE(prompt()->counterText(), u"5,000 / 5,000"_s);
    QTRY_VERIFY(label(u"reason"_s)->text().isEmpty());
}

void TstFormPanel::pastedPictureBecomesAFile()
{
    QImage picture(QSize(640, 400), QImage::Format_RGB32);
    picture.fill(Qt::darkCyan);
    auto *mime = new QMimeData;
    mime->setImageData(picture);
    QApplication::clipboard()->setMimeData(mime);
    if (!QApplication::clipboard()->mimeData() || !QApplication::clipboard()->mimeData()->hasImage())
        QSKIP("This platform plugin has no clipboard to paste from.");

    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    firstFrame()->setFocus();
    QTRY_VERIFY(firstFrame()->hasFocus());
    QTest::keyClick(firstFrame(), Qt::Key_V, Qt::ControlModifier);
    QTRY_VERIFY(firstFrame()->source().isLocalFile());
    QVERIFY(firstFrame()->source().path.startsWith(m_data.path()));
    QTRY_COMPARE(firstFrame()->state(), ImageSlot::State::Ready);
    QVERIFY(firstFrame()->summaryText().startsWith(u"640 × 400 px · PNG"_s));

    // Text that is no image is refused in words.
    QApplication::clipboard()->setText(u"just some words"_s);
    firstFrame()->pasteFromClipboard();
    QVERIFY(firstFrame()->noticeText().contains(u"There is no image there"_s));
    QVERIFY(firstFrame()->source().isLocalFile()); // what was there stays
}

QTEST_MAIN(TstFormPanel)
#include "tst_formpanel.moc"
