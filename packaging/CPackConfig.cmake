# The Debian package: bash packaging/dev.sh package (a Release build, then cpack -G DEB in the build folder).
include(GNUInstallDirs)

# Directories 0755 whatever the umask of the machine that builds the package.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/paddock.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/paddock.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
        RENAME app.paddock.Paddock.metainfo.xml)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/paddock.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/paddock)

# PNG icons for every hicolor size, rendered from the SVG when building.
set(paddock_icon_sizes 16 22 24 32 48 64 128 256 512)
add_executable(paddock_render_icon ${CMAKE_CURRENT_LIST_DIR}/render_icon.cpp)
target_link_libraries(paddock_render_icon PRIVATE Qt6::Gui Qt6::Svg paddock_options)
set(paddock_icons)
foreach(size ${paddock_icon_sizes})
    list(APPEND paddock_icons ${CMAKE_BINARY_DIR}/packaging/icons/paddock-${size}.png)
    install(FILES ${CMAKE_BINARY_DIR}/packaging/icons/paddock-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME paddock.png)
endforeach()
add_custom_command(OUTPUT ${paddock_icons}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging/icons
    # No display needed; in a sanitizer build, Qt's few allocations kept until exit must not fail the build.
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0
            $<TARGET_FILE:paddock_render_icon>
            ${CMAKE_SOURCE_DIR}/resources/icons/paddock.svg ${CMAKE_BINARY_DIR}/packaging/icons ${paddock_icon_sizes}
    DEPENDS paddock_render_icon ${CMAKE_SOURCE_DIR}/resources/icons/paddock.svg
    COMMENT "Rendering the icon's PNG sizes" VERBATIM)
add_custom_target(paddock_icons ALL DEPENDS ${paddock_icons})

# Manual pages and the changelog go in gzipped at the highest level, without a name or time stamp (reproducible),
# as Debian policy asks. A package without a Debian revision is native: its changelog is changelog.gz.
find_program(PADDOCK_GZIP gzip REQUIRED)
set(paddock_gzipped)
foreach(source paddock.1 paddock-sim.1 changelog)
    set(output ${CMAKE_BINARY_DIR}/packaging/${source}.gz)
    add_custom_command(OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging
        COMMAND ${PADDOCK_GZIP} -9 -n -c ${CMAKE_CURRENT_LIST_DIR}/${source} > ${output}
        DEPENDS ${CMAKE_CURRENT_LIST_DIR}/${source}
        COMMENT "Compressing ${source}" VERBATIM)
    list(APPEND paddock_gzipped ${output})
endforeach()
add_custom_target(paddock_docs ALL DEPENDS ${paddock_gzipped})
install(FILES ${CMAKE_BINARY_DIR}/packaging/paddock.1.gz ${CMAKE_BINARY_DIR}/packaging/paddock-sim.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/packaging/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/paddock)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "paddock")
set(CPACK_PACKAGE_VENDOR "Paddock")
set(CPACK_PACKAGE_CONTACT "Paddock maintainers <maintainers@paddock.app>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop playground for HappyHorse 1.1 video generation")
# Lines under 80 characters, as the control file's long description wants them.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Paddock writes prompts for Alibaba's HappyHorse 1.1 video model as Segmind"
    "serves it: resolution, duration and aspect, a first frame or up to nine"
    "reference images, and the price before sending. Finished clips play with"
    "their sound and are kept in a local library, with collections, synced"
    "comparison of takes and presentations."
    ""
    "A built-in simulator of Segmind's API (demo mode, and the paddock-sim"
    "program) renders real clips with ffmpeg, so everything can be tried"
    "without an API key and without being charged.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # paddock_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends: the libraries the binaries link come from dpkg-shlibdeps; these are what Paddock loads or runs:
# - libqt6sql6-sqlite: the library's SQLite driver is a plugin, so no shared-library dependency names it, and
#   libqt6sql6's Recommends is met by any SQL driver. (The xcb platform plugin is in libqt6gui6, which the
#   binaries link; qt6-qpa-plugins holds only VNC and TUIO, so it is not needed: packaging/install-test.sh
#   runs the self-test on a root without it.)
# - the GStreamer plugins that play H.264 and AAC in the player and presentations (Qt Multimedia's backend);
# - libsecret-1-0: QtKeychain loads it at run time to reach the Secret Service;
# - ffmpeg and fonts-dejavu-core: demo mode, the default for a new user without an API key, renders its clips
#   with the ffmpeg program and draws the prompt in DejaVu Sans; posters, scrub strips and the compare grid's
#   proxies are made with it too, so without it the first run would already fail;
# - libqt6svg6: the SVG icons are drawn by its plugins (nothing links it, so dpkg-shlibdeps leaves it out);
# - qt6-image-formats-plugins: reference images in WebP and TIFF.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6sql6-sqlite, libqt6svg6, qt6-image-formats-plugins, gstreamer1.0-plugins-good, \
gstreamer1.0-plugins-bad, gstreamer1.0-libav, libsecret-1-0, ffmpeg, fonts-dejavu-core")
# A Secret Service keeps the API key between sessions; without one the key lives for the session only.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | keepassxc | kwalletmanager")
# Hardware video decoding where the graphics driver offers it.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gstreamer1.0-vaapi")
include(CPack)
