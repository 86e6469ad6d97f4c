/**
 * The invitation into a room for a phone: the web guest's link ({@link app.queued.invite.InviteLink}) and its QR
 * code ({@link app.queued.invite.QrCode}, ZXing), for the host app's room and TV screens and the guest app's
 * "Invite someone".
 */
package app.queued.invite;
