// Renders Paddock's SVG icon to the PNG sizes of the hicolor theme at build time, so the package has sharp icons at
// every size a desktop asks for without PNG files in the repository. Usage: paddock_render_icon SVG OUTDIR SIZE...
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 4) {
        std::fprintf(stderr, "usage: paddock_render_icon SVG OUTDIR SIZE...\n");
        return 2;
    }
    QSvgRenderer svg(arguments.at(1));
    if (!svg.isValid()) {
        std::fprintf(stderr, "paddock_render_icon: cannot read %s\n", qPrintable(arguments.at(1)));
        return 1;
    }
    for (const QString &sizeText : arguments.mid(3)) {
        const int size = sizeText.toInt();
        if (size <= 0)
            return 2;
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString path = u"%1/paddock-%2.png"_s.arg(arguments.at(2)).arg(size);
        if (!image.save(path, "PNG")) {
            std::fprintf(stderr, "paddock_render_icon: cannot write %s\n", qPrintable(path));
            return 1;
        }
    }
    return 0;
}
