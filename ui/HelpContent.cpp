#include "HelpContent.h"

#include "LibraryView.h"

#include "api/Pricing.h"

using namespace Qt::StringLiterals;

namespace HelpContent {

QList<ShortcutGroup> shortcutGroups()
{
    struct Key
    {
        Shortcut operator()(const QKeySequence &keys, const QString &what) const { return {{keys}, what}; }
        Shortcut operator()(QKeySequence::StandardKey standard, const QString &what) const
        {
            return {QKeySequence::keyBindings(standard), what};
        }
    } key;
    return {
        {u"Anywhere in the window"_s,
         {key(QKeySequence(Qt::CTRL | Qt::Key_Return), u"Generate"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_Enter), u"Generate (the number pad's Enter)"_s),
          key(QKeySequence(Qt::ALT | Qt::Key_W), u"Sweep…: vary one or two settings and send the grid of clips"_s),
          key(QKeySequence::Open, u"Open the recipe of a clip into the form"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_Comma), u"Settings"_s),
          key(QKeySequence::Quit, u"Quit"_s),
          key(QKeySequence(Qt::ALT | Qt::Key_Q), u"Show the queue"_s),
          key(QKeySequence(Qt::ALT | Qt::Key_L), u"Show the library"_s),
          key(QKeySequence(Qt::ALT | Qt::Key_P), u"Go to the prompt"_s),
          key(QKeySequence::HelpContents, u"This guide"_s),
          key(QKeySequence(Qt::Key_F5), u"Present the favourites full screen"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_B), u"Open the storyboard"_s)}},
        {u"Storyboard (its own window)"_s,
         {key(QKeySequence(Qt::CTRL | Qt::Key_N), u"Add a shot at the end"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_Return), u"Generate the selected shot (another take when it has one)"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_T), u"Stitch the chosen takes into the film"_s),
          key(QKeySequence(Qt::Key_F5), u"Present the film full screen"_s),
          key(QKeySequence(Qt::CTRL | Qt::Key_E), u"Export the film, every take and the storyboard's JSON"_s),
          key(QKeySequence::Close, u"Close the window (the shots asked for go on)"_s),
          key(QKeySequence::Quit, u"Quit Paddock"_s)}},
        {u"Form (outside its text boxes)"_s,
         {key(QKeySequence::Undo, u"Undo the last image change (add, replace, remove, reorder, clear)"_s),
          key(QKeySequence::Redo, u"Redo the image change"_s)}},
        {u"Image slot (when it has the focus)"_s,
         {key(QKeySequence::Paste, u"Paste an image, an image file or an image's web address"_s),
          key(QKeySequence(Qt::Key_Delete), u"Remove the image (Backspace too)"_s),
          key(QKeySequence(Qt::Key_Return), u"Choose a file (Space too)"_s)}},
        {u"Player (when it has the focus)"_s,
         {key(QKeySequence(Qt::Key_Space), u"Play or pause"_s),
          key(QKeySequence(Qt::Key_Comma), u"One frame back"_s),
          key(QKeySequence(Qt::Key_Period), u"One frame forward"_s),
          key(QKeySequence(Qt::Key_L), u"Loop on or off"_s),
          key(QKeySequence(Qt::Key_M), u"Sound on or off"_s),
          key(QKeySequence(Qt::Key_F), u"Full screen on or off"_s),
          key(QKeySequence(Qt::Key_Escape), u"Leave full screen"_s)}},
        {u"Queue (when it has the focus)"_s,
         {key(QKeySequence::Delete, u"Stop waiting for the selected job"_s),
          key(QKeySequence::Copy, u"Copy the selected job's prompt"_s)}},
        {u"Presentation (full screen)"_s,
         {key(QKeySequence(Qt::Key_Right), u"Next take (Page Down too)"_s),
          key(QKeySequence(Qt::Key_Left), u"Previous take (Page Up too)"_s),
          key(QKeySequence(Qt::Key_Home), u"First take"_s),
          key(QKeySequence(Qt::Key_End), u"Last take"_s),
          key(QKeySequence(Qt::Key_Space), u"Pause or play"_s),
          key(QKeySequence(Qt::Key_L), u"Loop each take, or play each once and go on"_s),
          key(QKeySequence(Qt::Key_C), u"Captions on or off"_s),
          key(QKeySequence(Qt::Key_B), u"Black screen"_s),
          key(QKeySequence(Qt::Key_1), u"Rate 1 to 5 stars (keys 1 to 5; 0 clears), recorded in the library"_s),
          key(QKeySequence(Qt::Key_F), u"Favourite, recorded in the library"_s),
          key(QKeySequence(Qt::Key_Escape), u"Leave the presentation"_s)}},
        {u"Compare (its own window)"_s,
         {key(QKeySequence(Qt::Key_Space), u"Play or pause every take"_s),
          key(QKeySequence(Qt::Key_Right), u"One frame forward (. too)"_s),
          key(QKeySequence(Qt::Key_Left), u"One frame back (, too)"_s),
          key(QKeySequence(Qt::Key_Home), u"Start"_s),
          key(QKeySequence(Qt::Key_End), u"Last frame"_s),
          key(QKeySequence(Qt::Key_L), u"Loop on or off"_s),
          key(QKeySequence(Qt::Key_Plus), u"Faster (- slower; the sound plays at 1\u00D7 only)"_s),
          key(QKeySequence(Qt::Key_W), u"Wipe or side by side (two takes)"_s),
          key(QKeySequence(Qt::SHIFT | Qt::Key_Left), u"Move the wipe's divider (Shift+Right too; or drag it)"_s),
          key(QKeySequence(Qt::Key_A), u"Hear the next take: the one heard is the one rated"_s),
          key(QKeySequence(Qt::Key_Return), u"See the take heard alone (or click a take in the grid)"_s),
          key(QKeySequence(Qt::Key_1), u"Rate 1 to 5 stars (keys 1 to 5; 0 clears), recorded in the library"_s),
          key(QKeySequence(Qt::Key_F), u"Favourite on or off"_s),
          key(QKeySequence(Qt::Key_T), u"Tags"_s),
          key(QKeySequence(Qt::Key_Escape), u"Back to the grid, then close"_s)}},
        {u"Library (when the posters have the focus)"_s,
         {key(QKeySequence(Qt::Key_U), u"Use these settings in the form"_s),
          key(QKeySequence(Qt::Key_G), u"Generate again with a new seed"_s),
          key(QKeySequence(Qt::Key_F), u"Favourite on or off"_s),
          key(QKeySequence(Qt::Key_1), u"Rate 1 star"_s),
          key(QKeySequence(Qt::Key_2), u"Rate 2 stars"_s),
          key(QKeySequence(Qt::Key_3), u"Rate 3 stars"_s),
          key(QKeySequence(Qt::Key_4), u"Rate 4 stars"_s),
          key(QKeySequence(Qt::Key_5), u"Rate 5 stars"_s),
          key(QKeySequence(Qt::Key_0), u"Clear the rating"_s),
          key(QKeySequence(Qt::Key_T), u"Tags and note"_s),
          key(QKeySequence(Qt::Key_C), u"Compare the selected takes side by side (2 to 9)"_s),
          key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left),
              u"Move the take one place earlier in the collection shown (or drag it)"_s),
          key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right),
              u"Move the take one place later in the collection shown"_s),
          key(QKeySequence::Delete, u"Delete (the clip goes to the trash)"_s),
          key(QKeySequence::Undo, u"Bring back what was deleted last"_s),
          key(QKeySequence::Copy, u"Copy the prompt"_s),
          key(LibraryView::exportShortcut(), u"Export the clip and its settings"_s)}},
    };
}

QString shortcutSheetHtml()
{
    QString html;
    for (const ShortcutGroup &group : shortcutGroups()) {
        html += u"<h4>%1</h4><table cellspacing=\"0\" cellpadding=\"3\">"_s.arg(group.title.toHtmlEscaped());
        for (const Shortcut &shortcut : group.shortcuts) {
            QStringList keys;
            for (const QKeySequence &sequence : shortcut.keys)
                keys << sequence.toString(QKeySequence::NativeText).toHtmlEscaped();
            html += u"<tr><td width=\"150\"><b>%1</b></td><td>%2</td></tr>"_s.arg(keys.join(u" or "_s),
                                                                                 shortcut.what.toHtmlEscaped());
        }
        html += u"</table>"_s;
    }
    return html;
}

QString guideHtml(const QString &libraryDirectory)
{
    using Pricing::Resolution;
    return u"<h3>Making a video</h3>"
           u"<ol><li>Describe the video and its sound in the prompt.</li>"
           u"<li>Choose the resolution, the length (3 to 15 seconds) and the shape.</li>"
           u"<li>Press Generate (Ctrl+Enter). The job waits in the queue; when its clip is ready it plays above "
           u"the queue. Choose any take in the queue or the library to play it again.</li></ol>"
           u"<h3>Three modes, chosen by the images</h3>"
           u"<p><b>Text → video</b>: no image. <b>Image → video</b>: a first frame, which the video starts from "
           u"and which sets its shape. <b>Reference → video</b>: one to nine reference images, named "
           u"[Image 1]… in the prompt. With both kinds given, Paddock asks which to send.</p>"
           u"<h3>What it costs</h3>"
           u"<p>%1 per second at 720P, %2 per second at 1080P, sound included; the cost is shown before you "
           u"press Generate. Failed videos are not charged. Spending limits are in Settings.</p>"
           u"<h3>Where things are kept</h3>"
           u"<p>Every generation, with its settings, images and clip, is kept in the library: <code>%3</code>. "
           u"It works without a network, as does demo mode.</p>"_s.arg(
               Pricing::formatCents(Pricing::centsPerSecond(Resolution::P720)),
               Pricing::formatCents(Pricing::centsPerSecond(Resolution::P1080)), libraryDirectory.toHtmlEscaped());
}

} // namespace HelpContent
